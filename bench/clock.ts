/**
 * Milliseconds on the process' monotonic clock, for intervals measured
 * within one process.
 */
export function nowMs(): number {
  return performance.now();
}

/**
 * Microseconds on the system's monotonic clock. Every process on the
 * machine reads the same clock, so a time taken by the bench server's
 * process can be compared with one taken here (latency).
 */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint()) / 1000;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
