/**
 * Reads an HTTP `Retry-After` value: either delay-seconds (`"30"`) or an
 * HTTP-date (`"Wed, 21 Oct 2015 07:28:00 GMT"`).
 *
 * @param nowMs - the current time, for the date form
 * @returns the wait in milliseconds (never negative), or `undefined` when
 *   the header is absent or unreadable
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') {
    return undefined;
  }

  if (isDigits(text)) {
    return Number(text) * 1000;
  }

  // Every HTTP-date form names a day or month; requiring a letter keeps
  // Date.parse from reading odd numbers such as "1.5" as a calendar date.
  const dateMs = /[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(dateMs)) {
    return undefined;
  }

  return Math.max(0, dateMs - nowMs);
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) {
      return false;
    }
  }
  return true;
}
