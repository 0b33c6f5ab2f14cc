import { EventFactory } from './event-factory';
import { JsonObject } from './json';
import { requireRate } from './options';
import { SeededRandom } from './random';

/** Shortest tick; higher rates send several events per tick. */
const MIN_TICK_MS = 10;

/** Longest tick, so a low rate still reacts soon to `setRate`. */
const MAX_TICK_MS = 1000;

/** Follow-up events of unfinished alerts kept at most. */
const MAX_PENDING = 1000;

/**
 * Emits generated events at a steady rate, counted in messages: an alert's
 * CREATE, UPDATEs and DELETE each use one slot, so other events can
 * interleave with them as on a real site. The rate can change at any time;
 * 0 stops the flow.
 */
export class EventGenerator {
  private rate = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastTickAt = 0;
  private owed = 0;
  private readonly pending: JsonObject[] = [];

  constructor(
    private readonly factory: EventFactory,
    private readonly random: SeededRandom,
    private readonly emit: (event: JsonObject) => void,
  ) {}

  get eventsPerSecond(): number {
    return this.rate;
  }

  /**
   * Sets the rate in events per second (fractions allowed, 0 = none).
   * Takes effect at once while running.
   */
  setRate(eventsPerSecond: number): void {
    requireRate(eventsPerSecond);
    this.rate = eventsPerSecond;
    if (this.timer !== undefined) {
      this.stop();
      this.start();
    }
  }

  start(): void {
    if (this.timer !== undefined || this.rate === 0) {
      return;
    }

    const tickMs = Math.min(
      MAX_TICK_MS,
      Math.max(MIN_TICK_MS, 1000 / this.rate),
    );
    this.lastTickAt = Date.now();
    this.timer = setInterval(() => this.tick(), tickMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Emits as many events as the time since the last tick pays for. */
  private tick(): void {
    const now = Date.now();
    this.owed += ((now - this.lastTickAt) * this.rate) / 1000;
    this.lastTickAt = now;

    while (this.owed >= 1) {
      this.owed--;
      this.emit(this.nextEvent());
    }
  }

  /** A pending follow-up or, about half the time, a new occurrence. */
  private nextEvent(): JsonObject {
    const followUp = this.pending.length > 0 && this.random.chance(0.5);
    if (followUp) {
      return this.pending.shift() as JsonObject;
    }

    const [first, ...rest] = this.factory.randomOccurrence();
    if (this.pending.length + rest.length <= MAX_PENDING) {
      this.pending.push(...rest);
    }

    return first as JsonObject;
  }
}
