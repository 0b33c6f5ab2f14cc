/**
 * `npm run bench`: our figures beside the alternatives, measured side by
 * side in one run on loopback. Prints Markdown tables and writes
 * bench/results/latest.json. `--quick` runs everything briefly (a smoke
 * run; its figures mean little).
 *
 *   npm run bench            # 5 to 12 minutes, the idle part 1.5 of them
 *   npm run bench -- --quick
 */
import { runConnectionSuite } from './connection/suite';
import { nowMs } from './clock';
import { machineInfo } from './machine';
import { runFanOut } from './node-red/fan-out';
import { runIdle } from './node-red/idle';
import { runLatency } from './node-red/latency';
import { runMemory } from './node-red/memory';
import { undeploy } from './node-red/runtime';
import { deployStage, readyMessages } from './node-red/stage';
import { runNodeRedThroughput } from './node-red/throughput';
import { benchOptions, type BenchOptions } from './options';
import { renderReport, writeResults } from './report';
import { checkTargets, socketBound, type BenchResults } from './results';
import { BenchServer } from './server/handle';

async function main(): Promise<void> {
  const options = benchOptions(process.argv.slice(2));
  const startedMs = nowMs();
  const server = await BenchServer.start();

  try {
    const results = await measureAll(server, options, startedMs);
    const file = writeResults(results);

    console.log(renderReport(results));
    console.log(`\nWritten to ${file}`);
  } finally {
    await server.stop();
  }
}

async function measureAll(
  server: BenchServer,
  options: BenchOptions,
  startedMs: number,
): Promise<BenchResults> {
  progress('1/6 connection layer');
  const connection = await runConnectionSuite(server, options);

  progress('2/6 through Node-RED');
  await deployStage(server, options.fanOutSizes);
  const messages = readyMessages(server.info.bodies);
  const nodeRed = await runNodeRedThroughput(server, options, messages);

  progress('3/6 fan-out');
  const fanOut = await runFanOut(server, options);

  progress('4/6 latency');
  const latency = await runLatency(server, options);

  progress('5/6 memory');
  const memory = await runMemory(server, options);
  await undeploy();

  progress(`6/6 idle cost (${options.idleSeconds} s)`);
  const idle = await runIdle(server, options);

  const measured = {
    finishedAt: new Date().toISOString(),
    durationSeconds: (nowMs() - startedMs) / 1000,
    command: `npm run bench${options.quick ? ' -- --quick' : ''}`,
    machine: machineInfo(),
    options,
    events: eventFacts(server),
    connection,
    nodeRed,
    nodeRedBound: socketBound(connection, nodeRed),
    fanOut,
    latency,
    memory,
    idle,
  };

  return { ...measured, targets: checkTargets(measured) };
}

function eventFacts(server: BenchServer): BenchResults['events'] {
  const { bodies, meanFrameBytes } = server.info;
  const bodyBytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0);

  return {
    distinct: bodies.length,
    meanBodyBytes: bodyBytes / bodies.length,
    meanFrameBytes,
  };
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(step: string): void {
  console.error(`bench: ${step}`);
}

main().then(
  // Node-RED's runtime can leave timers behind after its flows stop;
  // the run is over, so the process ends here rather than waiting.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
