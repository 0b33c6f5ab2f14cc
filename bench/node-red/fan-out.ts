import type { BenchOptions } from '../options';
import type { BenchServer } from '../server/handle';
import { median, ratios } from '../stats';
import { fanOutGroup } from './stage';
import { throughSocket } from './throughput';

export interface FanOutSize {
  /** rhombus-events nodes on the one connection. */
  readonly nodes: number;
  /** Events per second, one per round. */
  readonly rates: number[];
  readonly medianRate: number;
  /** Median over rounds of this rate / one node's in the same round. */
  readonly vsOne: number;
}

export interface FanOutResults {
  readonly eventsPerRound: number;
  readonly sizes: FanOutSize[];
}

/**
 * Part 3: the same events through groups of 1, 10 and 100 rhombus-events
 * nodes sharing one connection, all but one filtering out every event:
 * what each extra node costs a connection it does not care about.
 */
export async function runFanOut(
  server: BenchServer,
  options: BenchOptions,
): Promise<FanOutResults> {
  const count = options.fanOutEvents;
  const sizes = options.fanOutSizes;
  const rates = new Map<number, number[]>(sizes.map((size) => [size, []]));
  const run = (size: number): Promise<number> => {
    const { label, sink } = fanOutGroup(size);

    return throughSocket(server, label, sink, count);
  };

  for (const size of sizes) await run(size);
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? sizes : [...sizes].reverse();

    for (const size of order) rates.get(size)?.push(await run(size));
  }

  const one = rates.get(sizes[0]) ?? [];

  return {
    eventsPerRound: count,
    sizes: sizes.map((size) => {
      const own = rates.get(size) ?? [];

      return {
        nodes: size,
        rates: own,
        medianRate: median(own),
        vsOne: median(ratios(own, one)),
      };
    }),
  };
}
