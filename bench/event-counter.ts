import { nowMs } from './clock';

/** Longest a measurement may wait for its last event. */
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Counts events as they come out of whatever is measured, and times the
 * stretch from the first to the last expected one. Starting at the first
 * event rather than at the request keeps connection set-up and the trip
 * from the server out of the figure: only the receiving side's steady
 * work is compared.
 */
export class EventCounter {
  /** The last event's value, kept so no work can be optimised away. */
  sink: unknown;
  private count = 0;
  private firstMs = 0;
  private readonly finished: Promise<number>;
  private finish: (eventsPerSecond: number) => void = () => undefined;

  constructor(
    private readonly expected: number,
    what: string,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.finished = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `${what}: ${this.count} of ${expected} events within ` +
                `${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );

      this.finish = (rate) => {
        clearTimeout(timer);
        resolve(rate);
      };
    });
  }

  /** Events seen so far. */
  get seen(): number {
    return this.count;
  }

  /** Call once per event that came out. */
  readonly note = (value: unknown): void => {
    this.sink = value;
    this.count += 1;
    if (this.count === 1) this.firstMs = nowMs();
    if (this.count === this.expected) this.done();
  };

  /** Events per second from the first event to the last expected one. */
  rate(): Promise<number> {
    return this.finished;
  }

  private done(): void {
    const seconds = (nowMs() - this.firstMs) / 1000;

    this.finish((this.expected - 1) / seconds);
  }
}
