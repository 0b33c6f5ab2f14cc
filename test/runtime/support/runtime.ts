import helper from 'node-red-node-test-helper';
import type { Node, NodeStatus } from 'node-red';

import type { ConnectionSettings } from '../../../src/connection/rhombus-connection';
import {
  RhombusSimulator,
  type RhombusSimulatorOptions,
} from '../../../src/simulator';

// The nodes as Node-RED loads them: the built package, not the sources.
/* eslint-disable @typescript-eslint/no-require-imports */
export const rhombusConfig = require('../../../dist/nodes/rhombus-config.js');
export const rhombusEvents = require('../../../dist/nodes/rhombus-events.js');
export const rhombusAlert = require('../../../dist/nodes/rhombus-alert.js');
/* eslint-enable @typescript-eslint/no-require-imports */

export const ALL_NODES = [rhombusConfig, rhombusEvents, rhombusAlert];

/**
 * Short intervals, so that heart-beat loss, backoff and lingering show up
 * within a test's time without any test waiting idly.
 */
export const FAST_TUNING: Partial<ConnectionSettings> = {
  heartBeat: { canSendMs: 100, wantsMs: 100 },
  retry: { initialMs: 40, maxMs: 200 },
  rejectedRetry: { initialMs: 400, maxMs: 800 },
  connectTimeoutMs: 1_000,
  lingerMs: 50,
  healthyAfterMs: 500,
  directoryRefreshMs: 100,
};

helper.init(require.resolve('node-red'), { rhombus: FAST_TUNING });

export { helper };

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every status a node showed, in order, from the moment of the call. */
export function recordStatuses(node: Node): NodeStatus[] {
  const seen: NodeStatus[] = [];
  const original = node.status.bind(node);

  node.status = (status: string | NodeStatus) => {
    if (typeof status !== 'string') seen.push(status);
    original(status);
  };
  return seen;
}

export interface LogLine {
  level: number;
  type?: string;
  id?: string;
  msg: unknown;
}

/** Every line the runtime logged since the flows were loaded. */
export function logLines(): LogLine[] {
  const spy = helper.log() as unknown as { args: unknown[][] };
  return spy.args.map((args) => args[0] as LogLine);
}

/** Text of every logged line, for searching. */
export function logText(): string {
  return logLines()
    .map((line) => String(line.msg))
    .join('\n');
}

/** A simulator on an ephemeral loopback port, already listening. */
export async function startedSimulator(
  options: RhombusSimulatorOptions,
): Promise<RhombusSimulator> {
  const simulator = new RhombusSimulator(options);
  await simulator.start();
  return simulator;
}

/** After a test: the flows stop first, so no node reconnects to a server gone. */
export async function unloadAndStop(server: {
  stop(): Promise<void>;
}): Promise<void> {
  await helper.unload();
  await server.stop();
}
