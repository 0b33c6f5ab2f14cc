const SLOT_COUNT = 256;

/**
 * Hands back one shared string for text it has seen before.
 *
 * Why: header names become property keys of every frame's `headers`, and a
 * key freshly cut out of the header block costs V8 a hash and a string-table
 * lookup on each store, several times the cost of the rest of the header
 * parse. A name found here is the same string object as last time, already
 * known to V8, so the store is cheap.
 *
 * The table is fixed in size: a slot holds the first text that hashed there
 * and is never replaced, so it cannot grow or churn whatever the peer sends.
 */
export class StringTable {
  private readonly slots = new Array<string | undefined>(SLOT_COUNT).fill(
    undefined,
  );

  /**
   * @param known texts to hold from the start.
   * @param learns whether texts met later may fill free slots.
   */
  constructor(
    known: Iterable<string>,
    private readonly learns: boolean,
  ) {
    for (const text of known) {
      this.slots[slotOf(text, 0, text.length)] ??= text;
    }
  }

  /** `text.slice(start, end)`, as the shared string when there is one. */
  intern(text: string, start: number, end: number): string {
    const slot = slotOf(text, start, end);
    const held = this.slots[slot];
    const cut = text.slice(start, end);

    // Comparing with `===` reads the characters in place, without hashing.
    if (cut === held) return held;
    if (this.learns && held === undefined) this.slots[slot] = cut;
    return cut;
  }

  /** The held string equal to `text.slice(start, end)`, if any. */
  find(text: string, start: number, end: number): string | undefined {
    const held = this.slots[slotOf(text, start, end)];

    return held !== undefined && text.slice(start, end) === held
      ? held
      : undefined;
  }
}

function slotOf(text: string, start: number, end: number): number {
  const length = end - start;

  if (length === 0) return 0;

  const mix =
    length * 131 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1);

  return mix & (SLOT_COUNT - 1);
}
