import { excerpt, StompDecodeError } from './codec-errors';

const SPECIAL = /[\\\n\r:]/;
const SPECIAL_ALL = /[\\\n\r:]/g;

const ESCAPE_OF: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  ':': '\\c',
};

const UNESCAPE_OF: Readonly<Record<string, string>> = {
  '\\': '\\',
  n: '\n',
  r: '\r',
  c: ':',
};

/**
 * Escapes a header name or value for any frame except CONNECT and CONNECTED
 * (STOMP 1.2, "Value Encoding"): backslash, line feed, carriage return and
 * colon become `\\`, `\n`, `\r` and `\c`.
 */
export function escapeHeaderValue(text: string): string {
  if (!SPECIAL.test(text)) return text;

  return text.replace(SPECIAL_ALL, (special) => ESCAPE_OF[special] ?? '');
}

/**
 * Undoes {@link escapeHeaderValue}.
 *
 * @throws StompDecodeError with reason `bad-escape` when the text holds an
 * escape sequence STOMP 1.2 does not define, or ends in a lone backslash.
 */
export function unescapeHeaderValue(text: string): string {
  const plain = tryUnescape(text);

  if (plain === undefined) {
    throw new StompDecodeError(
      'bad-escape',
      `undefined escape sequence ${excerpt(badEscapeIn(text))}`,
    );
  }
  return plain;
}

/**
 * Unescapes header text, or returns undefined when it holds an undefined
 * escape sequence. The decoder calls this on its hot path, so a bad escape
 * is a return value rather than an exception.
 */
export function tryUnescape(text: string): string | undefined {
  let slash = text.indexOf('\\');

  if (slash === -1) return text;

  let plain = '';
  let copied = 0;

  while (slash !== -1) {
    const replacement = UNESCAPE_OF[text.charAt(slash + 1)];

    if (replacement === undefined) return undefined;

    plain += text.slice(copied, slash) + replacement;
    copied = slash + 2;
    slash = text.indexOf('\\', copied);
  }
  return plain + text.slice(copied);
}

/** The first undefined escape sequence in `text`, for an error message. */
export function badEscapeIn(text: string): string {
  for (let slash = text.indexOf('\\'); slash !== -1;) {
    const next = text.charAt(slash + 1);

    if (UNESCAPE_OF[next] === undefined) return `\\${next}`;
    slash = text.indexOf('\\', slash + 2);
  }
  return '';
}
