/** How much work each part of the bench does. */
export interface BenchOptions {
  readonly quick: boolean;
  /** Measured rounds of each throughput comparison. */
  readonly rounds: number;
  /** Events per round in the connection-layer comparison. */
  readonly connectionEvents: number;
  /** Events per round through Node-RED, for the pipeline and its floor. */
  readonly nodeRedEvents: number;
  /** Events per round of the fan-out comparison. */
  readonly fanOutEvents: number;
  /** Fan-out sizes compared; the first is the baseline. */
  readonly fanOutSizes: readonly number[];
  /** Rounds and length of the latency measurement. */
  readonly latencyRounds: number;
  readonly latencySeconds: number;
  readonly latencyRate: number;
  /** Events the memory measurement sends between its two snapshots. */
  readonly memoryEvents: number;
  /** How long the connected config node is watched while idle. */
  readonly idleSeconds: number;
  /** How long the bare runtime is watched, for comparison. */
  readonly idleBaselineSeconds: number;
}

const FULL: BenchOptions = {
  quick: false,
  rounds: 5,
  connectionEvents: 200_000,
  nodeRedEvents: 200_000,
  fanOutEvents: 100_000,
  fanOutSizes: [1, 10, 100],
  latencyRounds: 3,
  latencySeconds: 5,
  latencyRate: 1_000,
  memoryEvents: 1_000_000,
  idleSeconds: 60,
  idleBaselineSeconds: 20,
};

/** A smoke run: every part runs, with a fraction of the work. */
const QUICK: BenchOptions = {
  ...FULL,
  quick: true,
  rounds: 2,
  connectionEvents: 20_000,
  nodeRedEvents: 20_000,
  fanOutEvents: 10_000,
  latencyRounds: 2,
  latencySeconds: 1,
  memoryEvents: 100_000,
  idleSeconds: 5,
  idleBaselineSeconds: 2,
};

/**
 * The options for the command line `args`: `--quick` for a smoke run.
 *
 * @throws Error naming an argument that is not understood
 */
export function benchOptions(args: readonly string[]): BenchOptions {
  const unknown = args.filter((arg) => arg !== '--quick');

  if (unknown.length > 0) {
    throw new Error(
      `unknown argument ${unknown[0]}: the only option is --quick`,
    );
  }
  return args.includes('--quick') ? QUICK : FULL;
}
