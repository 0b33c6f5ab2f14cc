/** A decoded JSON object, as events and REST bodies are handled. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string at `key`, or undefined when it is absent or not a string. */
export function stringField(
  source: JsonObject,
  key: string,
): string | undefined {
  const value = source[key];

  return typeof value === 'string' ? value : undefined;
}

/** The finite number at `key`, or undefined. */
export function numberField(
  source: JsonObject,
  key: string,
): number | undefined {
  const value = source[key];

  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

/** The strings of the array at `key`, or undefined when it is no array. */
export function stringListField(
  source: JsonObject,
  key: string,
): string[] | undefined {
  const value = source[key];
  if (!Array.isArray(value)) {
    return undefined;
  }

  return value.filter((item): item is string => typeof item === 'string');
}
