/**
 * Small readers for values parsed from Rhombus JSON. Rhombus documents most
 * fields as nullable and sometimes sends numbers as strings, so each reader
 * returns `undefined` rather than throwing when a value has the wrong shape.
 */

/** A parsed JSON object (never an array, never null). */
export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A finite number, accepting its decimal string form too (`"1700000000000"`).
 * Blank strings are rejected: `Number('')` would otherwise read as 0.
 */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }

  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }

  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A boolean, accepting the strings `"true"` and `"false"` too. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }

  if (value === 'true') {
    return true;
  }

  return value === 'false' ? false : undefined;
}

/**
 * The strings of an array, skipping entries of any other type. A lone string
 * becomes a one-element array; anything else becomes an empty array.
 */
export function asStringArray(value: unknown): string[] {
  if (typeof value === 'string') {
    return value === '' ? [] : [value];
  }

  if (!Array.isArray(value)) {
    return [];
  }

  const strings: string[] = [];
  for (const entry of value) {
    if (typeof entry === 'string' && entry !== '') {
      strings.push(entry);
    }
  }
  return strings;
}

/** The objects of an array, skipping entries of any other type. */
export function asRecordArray(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) {
    return [];
  }

  return value.filter(isRecord);
}

/** `text` cut to at most `max` characters, marked with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
