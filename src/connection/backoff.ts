/** How long to wait between connection attempts. */
export interface BackoffPolicy {
  /** First delay, before jitter. */
  readonly initialMs: number;
  /** Largest delay, before jitter. */
  readonly maxMs: number;
}

/** Ordinary failures: about 1 s, doubling up to a minute. */
export const RETRY_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000 };

/**
 * A rejected API key will not fix itself; retrying often only fills the
 * log and spends the organisation's rate limit. One minute, doubling to
 * half an hour.
 */
export const REJECTED_BACKOFF: BackoffPolicy = {
  initialMs: 60_000,
  maxMs: 30 * 60_000,
};

/**
 * Exponential backoff with "equal jitter": each delay is between half and
 * all of the exponential step, so many clients that lost the same server
 * do not come back in lock-step, yet none retries almost at once.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call lengthens the next. */
  next(): number {
    const step = Math.min(
      this.policy.maxMs,
      this.policy.initialMs * 2 ** Math.min(this.attempt, 30),
    );
    this.attempt += 1;

    return Math.round(step / 2 + (step / 2) * this.random());
  }

  /** Start again from the first delay, after a healthy session. */
  reset(): void {
    this.attempt = 0;
  }
}
