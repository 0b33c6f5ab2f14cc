import type { RhombusEvent } from '../rhombus/event-types';
import { RhombusError, RhombusErrorCode } from '../rhombus/errors';
import { normaliseAlert } from '../rhombus/normalise';
import type { RhombusRestClient } from '../rhombus/rest-client';
import { Backoff, type BackoffPolicy } from './backoff';

/** Alerts asked for per page, and the most pages read in one catch-up. */
const PAGE_SIZE = 100;
const MAX_PAGES = 5;

export interface CatchUpOptions {
  /** How far before the gap a catch-up starts, for clock skew and races. */
  readonly overlapMs: number;
  readonly retry: BackoffPolicy;
  /**
   * The last event seen before Node-RED restarted, when the user asked to
   * catch up across restarts: the gap starts there, without overlap, since
   * the previous run already sent everything up to it.
   */
  readonly resumeFromMs?: number;
  /** Receives the missed alerts, oldest first. */
  deliver(alerts: RhombusEvent[], complete: boolean): void;
  warn(text: string): void;
}

/**
 * Rhombus does not replay on the socket what happened while it was down:
 * this asks getPolicyAlertsV2 for the alerts of each gap once the
 * connection is back, and keeps asking, with backoff and honouring
 * Retry-After, until it has them or a newer session takes over.
 */
export class CatchUp {
  private gapStartMs: number | undefined;
  private overlapMs: number;
  private readonly retry: Backoff;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped to abandon a run in flight. */
  private run = 0;

  constructor(private readonly options: CatchUpOptions) {
    this.gapStartMs = options.resumeFromMs;
    this.overlapMs = options.resumeFromMs === undefined ? options.overlapMs : 0;
    this.retry = new Backoff(options.retry);
  }

  /** Events may have been missed from `sinceMs` on. */
  markGap(sinceMs: number): void {
    this.gapStartMs ??= sinceMs;
  }

  /** Catches up on the open gap, if any, abandoning an earlier run. */
  start(rest: RhombusRestClient): void {
    this.cancel();
    if (this.gapStartMs === undefined) return;

    this.retry.reset();
    void this.attempt(rest, this.run);
  }

  cancel(): void {
    this.run += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async attempt(rest: RhombusRestClient, run: number): Promise<void> {
    const sinceMs = (this.gapStartMs ?? 0) - this.overlapMs;

    try {
      const { alerts, complete } = await fetchMissedAlerts(rest, sinceMs);
      if (run !== this.run) return;

      this.gapStartMs = undefined;
      this.overlapMs = this.options.overlapMs;
      this.options.deliver(alerts, complete);
    } catch (error) {
      if (run !== this.run) return;

      this.scheduleRetry(rest, run, error);
    }
  }

  private scheduleRetry(
    rest: RhombusRestClient,
    run: number,
    error: unknown,
  ): void {
    const retryAfterMs =
      error instanceof RhombusError &&
      error.code === RhombusErrorCode.RateLimited
        ? (error.retryAfterMs ?? 0)
        : 0;
    const waitMs = Math.max(this.retry.next(), retryAfterMs);
    const reason = error instanceof Error ? error.message : String(error);

    this.options.warn(
      `could not catch up on missed alerts: ${reason}; ` +
        `retrying in ${Math.round(waitMs / 1000)} s`,
    );
    this.timer = setTimeout(() => void this.attempt(rest, run), waitMs);
  }
}

/**
 * The policy alerts raised since `sinceMs`, oldest first. Pages go
 * backwards in time (the API answers newest first), up to 500 alerts; past
 * that, `complete` is false and the oldest are left out.
 */
export async function fetchMissedAlerts(
  rest: RhombusRestClient,
  sinceMs: number,
): Promise<{ alerts: RhombusEvent[]; complete: boolean }> {
  const byUuid = new Map<string, RhombusEvent>();
  let beforeMs: number | undefined;

  for (let page = 0; page < MAX_PAGES; page++) {
    const raw = await rest.getPolicyAlerts({
      afterTimestampMs: sinceMs,
      beforeTimestampMs: beforeMs,
      maxResults: PAGE_SIZE,
    });
    const alerts = raw.map(normaliseAlert).filter(isAlert);
    for (const alert of alerts) byUuid.set(alert.entityUuid ?? '', alert);

    if (raw.length < PAGE_SIZE) {
      return { alerts: oldestFirst(byUuid), complete: true };
    }
    beforeMs = Math.min(...alerts.map((a) => a.timestampMs ?? Infinity));
  }

  return { alerts: oldestFirst(byUuid), complete: false };
}

function isAlert(event: RhombusEvent | undefined): event is RhombusEvent {
  return event !== undefined && event.entityUuid !== undefined;
}

function oldestFirst(alerts: Map<string, RhombusEvent>): RhombusEvent[] {
  return [...alerts.values()].sort(
    (a, b) => (a.timestampMs ?? 0) - (b.timestampMs ?? 0),
  );
}
