/**
 * A small seeded pseudo-random source, so that a simulator built with the
 * same seed produces the same organisation and the same event sequence.
 *
 * The generator is mulberry32: 32 bits of state, fast, and good enough for
 * picking demo events. It is not suitable for anything security related.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Zero is a valid mulberry32 state, but mixing the seed first keeps
    // small neighbouring seeds from producing similar opening sequences.
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new RangeError('pick() needs at least one item');
    }

    return items[Math.floor(this.next() * items.length)] as T;
  }

  /**
   * A uuid in the form Rhombus uses: 16 random bytes as 22 characters of
   * URL-safe base64, without padding.
   */
  uuid(): string {
    const bytes = Buffer.alloc(16);
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = this.int(0, 255);
    }

    return bytes.toString('base64url');
  }
}
