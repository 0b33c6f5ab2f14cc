import { collectGarbage } from '../gc';
import type { BenchOptions } from '../options';
import type { BenchServer } from '../server/handle';
import { PIPELINE } from './stage';
import { throughSocket } from './throughput';

const MB = 1024 * 1024;
/** Events sent before the first snapshot, so caches and JIT are warm. */
const WARM_UP_EVENTS = 50_000;

export interface MemorySnapshot {
  readonly rssMB: number;
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  readonly externalMB: number;
}

export interface MemoryResults {
  readonly events: number;
  readonly before: MemorySnapshot;
  readonly after: MemorySnapshot;
  readonly rssGrowthMB: number;
  readonly heapGrowthMB: number;
}

/**
 * Part 5: memory after garbage collection, before and after many events
 * through the pipeline (socket, rhombus-events, Node-RED, a sink that
 * keeps nothing). Growth here would be something kept per event.
 */
export async function runMemory(
  server: BenchServer,
  options: BenchOptions,
): Promise<MemoryResults> {
  const events = options.memoryEvents;

  await throughSocket(server, PIPELINE.label, PIPELINE.sink, WARM_UP_EVENTS);

  const before = await snapshot();

  await throughSocket(server, PIPELINE.label, PIPELINE.sink, events);

  const after = await snapshot();

  return {
    events,
    before,
    after,
    rssGrowthMB: after.rssMB - before.rssMB,
    heapGrowthMB: after.heapUsedMB - before.heapUsedMB,
  };
}

async function snapshot(): Promise<MemorySnapshot> {
  await collectGarbage(4);

  const usage = process.memoryUsage();

  return {
    rssMB: usage.rss / MB,
    heapUsedMB: usage.heapUsed / MB,
    heapTotalMB: usage.heapTotal / MB,
    externalMB: usage.external / MB,
  };
}
