import { monitorEventLoopDelay } from 'node:perf_hooks';

import { EventCounter } from '../event-counter';
import { collectGarbage } from '../gc';
import type { BenchOptions } from '../options';
import type { BenchServer } from '../server/handle';
import { median, percentile } from '../stats';
import { sinkProbe } from './bench-nodes';
import { PIPELINE } from './stage';

/** Share of each round's first events left out: the stream settling. */
const SETTLING_SHARE = 0.05;

export interface LatencyRound {
  readonly events: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /**
   * p99 of how late this process' event loop ran while the round went
   * on, whatever the cause (our work, GC, other processes taking the
   * CPU): no event can be handled sooner than the loop gets to it.
   */
  readonly loopDelayP99Ms: number;
}

export interface LatencyResults {
  readonly perSecond: number;
  readonly rounds: LatencyRound[];
  /** Medians over rounds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly loopDelayP99Ms: number;
}

/**
 * Part 4: the server sends at a steady rate, writing the send time into
 * each body; the sink reads it on arrival. The figure covers the socket,
 * STOMP, normalising, the events node and Node-RED's delivery to the next
 * node. Both ends read the system's monotonic clock.
 */
export async function runLatency(
  server: BenchServer,
  options: BenchOptions,
): Promise<LatencyResults> {
  const perSecond = options.latencyRate;
  const count = Math.round(options.latencySeconds * perSecond);
  const rounds: LatencyRound[] = [];

  for (let round = 0; round < options.latencyRounds; round++) {
    rounds.push(await latencyRound(server, count, perSecond));
  }
  return {
    perSecond,
    rounds,
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    maxMs: median(rounds.map((r) => r.maxMs)),
    loopDelayP99Ms: median(rounds.map((r) => r.loopDelayP99Ms)),
  };
}

async function latencyRound(
  server: BenchServer,
  count: number,
  perSecond: number,
): Promise<LatencyRound> {
  const probe = sinkProbe(PIPELINE.sink);
  const counter = new EventCounter(count, 'latency');
  const latenciesUs: number[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });

  await collectGarbage();
  probe.counter = counter;
  probe.latenciesUs = latenciesUs;
  loopDelay.enable();
  try {
    await Promise.all([
      counter.rate(),
      server.pace(PIPELINE.label, count, perSecond),
    ]);
  } finally {
    probe.latenciesUs = undefined;
    loopDelay.disable();
  }

  const settled = latenciesUs.slice(Math.floor(count * SETTLING_SHARE));
  const sortedMs = settled.map((us) => us / 1000).sort((a, b) => a - b);

  return {
    events: sortedMs.length,
    p50Ms: percentile(sortedMs, 0.5),
    p99Ms: percentile(sortedMs, 0.99),
    maxMs: sortedMs[sortedMs.length - 1],
    // The histogram counts from its 1 ms sampling timer, so subtract it.
    loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - 1),
  };
}
