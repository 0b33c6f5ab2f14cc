import { sleep } from '../clock';
import { collectGarbage } from '../gc';
import type { BenchOptions } from '../options';
import type { BenchServer } from '../server/handle';
import {
  configNode,
  credentialsFor,
  eventsNode,
  sinkNode,
  type FlowNode,
} from './flows';
import { deploy, undeploy } from './runtime';

/**
 * Time for start-up work to finish before watching: REST look-ups, the
 * handshake, and V8 compiling on its own threads. The first seconds
 * after a deploy cost some 90 ms of CPU; left in, they would swamp the
 * few milliseconds a minute of heart-beats.
 */
const SETTLE_MS = 8_000;

export interface IdleWatch {
  readonly seconds: number;
  readonly cpuMs: number;
  /** CPU time per minute of wall time. */
  readonly cpuMsPerMinute: number;
  /** Share of one core. */
  readonly corePercent: number;
}

export interface IdleResults {
  /** The runtime with only a sink deployed: what Node-RED costs idle. */
  readonly runtimeOnly: IdleWatch;
  /** A config node connected to the simulator, one events node, no events. */
  readonly connected: IdleWatch;
  /** connected less runtimeOnly, per minute. */
  readonly configNodeMsPerMinute: number;
}

/**
 * Part 6: the CPU time of this whole process (every thread) while a
 * config node sits connected to the simulator, which, like Rhombus,
 * wants heart-beats every 10 s and sends its own as often; against the
 * same runtime with no Rhombus node at all. Runs alone, last: the
 * server process sends nothing meanwhile.
 */
export async function runIdle(
  server: BenchServer,
  options: BenchOptions,
): Promise<IdleResults> {
  const before = await watchRuntimeOnly(options);
  const flow = connectedFlow(server);

  await deploy(flow, credentialsFor(flow, server.info.apiKey));
  await server.waitSimulatorSubscribed();
  const connected = await watch(options.idleSeconds);
  await undeploy();

  // The runtime alone is watched before and after: the first watch can
  // still carry the garbage of the parts measured before it, which once
  // made the difference negative. The quieter one is the baseline, which
  // if anything overstates the config node's cost.
  const after = await watchRuntimeOnly(options);
  const runtimeOnly =
    before.cpuMsPerMinute <= after.cpuMsPerMinute ? before : after;

  return {
    runtimeOnly,
    connected,
    configNodeMsPerMinute:
      connected.cpuMsPerMinute - runtimeOnly.cpuMsPerMinute,
  };
}

async function watchRuntimeOnly(options: BenchOptions): Promise<IdleWatch> {
  await deploy([sinkNode('idle-sink')], {});
  const watched = await watch(options.idleBaselineSeconds);
  await undeploy();
  return watched;
}

function connectedFlow(server: BenchServer): FlowNode[] {
  const { restUrl, simulatorWsUrl } = server.info;

  return [
    configNode('config-idle', restUrl, simulatorWsUrl),
    eventsNode('events-idle', 'config-idle', 'idle-sink'),
    sinkNode('idle-sink'),
  ];
}

async function watch(seconds: number): Promise<IdleWatch> {
  await sleep(SETTLE_MS);
  await collectGarbage();

  const before = process.cpuUsage();

  await sleep(seconds * 1000);

  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;

  return {
    seconds,
    cpuMs,
    cpuMsPerMinute: (cpuMs * 60) / seconds,
    corePercent: (cpuMs / (seconds * 1000)) * 100,
  };
}
