import type { StompFrame } from './frame';
import { storeHeader } from './frame-reader';

/** Larger messages take the general path; events are a few hundred bytes. */
const MAX_LONE_MESSAGE_BYTES = 16 * 1024;
const COMMAND_LINE = 'MESSAGE\n';
const COMMAND_BYTES = Buffer.from(COMMAND_LINE);
const CONTENT_LENGTH_LINE = '\ncontent-length:';
const MAX_LENGTH_DIGITS = 9;
const LF = 0x0a;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * A MESSAGE frame read lazily. The decoder has already turned the message
 * into text and checked its layout; headers are cut out of that text only
 * if someone asks for them, and the body is offered as text as well as
 * bytes, so that a JSON consumer decodes nothing twice.
 */
class LoneMessage implements StompFrame {
  readonly command = 'MESSAGE';
  private parsedHeaders: Record<string, string> | undefined;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly headEnd: number,
    private readonly bodyEnd: number,
  ) {}

  get headers(): Readonly<Record<string, string>> {
    this.parsedHeaders ??= headersOf(this.text, this.headEnd);
    return this.parsedHeaders;
  }

  get body(): Buffer {
    return this.data.subarray(this.headEnd + 2, this.bodyEnd);
  }

  get bodyText(): string {
    return this.text.slice(this.headEnd + 2, this.bodyEnd);
  }
}

/**
 * The fast path for the frame Rhombus sends all day: one MESSAGE alone in
 * one WebSocket message, LF line ends, no escaped header, every byte ASCII
 * (so character and byte offsets agree, and `content-length` can be checked
 * on the text).
 *
 * Why it exists: on this hot path, cutting five headers into strings cost
 * about as much as `JSON.parse` of the body, and nothing reads them. Here
 * the message is decoded to text once, its layout is checked with string
 * searches that allocate nothing, and headers wait until asked for.
 *
 * Returns undefined for anything else, malformed frames included: the
 * general decoder then reads the message and reports what is wrong.
 */
export function readLoneMessage(
  data: Buffer,
  maxHeaderBytes: number,
): StompFrame | undefined {
  if (data.length > MAX_LONE_MESSAGE_BYTES || !startsWithCommandLine(data)) {
    return undefined;
  }

  const text = data.toString('utf8');
  if (text.length !== data.length) return undefined;

  const headEnd = text.indexOf('\n\n');
  if (headEnd === -1 || headEnd + 2 > maxHeaderBytes) return undefined;

  // Searches run on the header block alone, keeping the body (often the
  // larger part) out of them.
  const head = text.slice(0, headEnd + 1);
  if (!plainHeaderLines(head)) return undefined;

  const bodyEnd = findBodyEnd(text, head);
  if (bodyEnd === -1 || bodyEnd !== text.length - 1) return undefined;

  return new LoneMessage(text, data, headEnd, bodyEnd);
}

/**
 * Every header line has a name and a colon, and the block holds no CR, no
 * backslash (an escape) and no NUL, so the lazy split cannot fail later.
 */
function plainHeaderLines(head: string): boolean {
  if (head.includes('\r') || head.includes('\\') || head.includes('\0')) {
    return false;
  }

  let lineStart = COMMAND_LINE.length;
  while (lineStart < head.length) {
    const lineEnd = head.indexOf('\n', lineStart);
    const colon = head.indexOf(':', lineStart);
    if (colon <= lineStart || colon > lineEnd) return false;

    lineStart = lineEnd + 1;
  }
  return true;
}

/** Where the body ends: by `content-length` if given, else at the NUL. */
function findBodyEnd(text: string, head: string): number {
  const bodyStart = head.length + 1;
  const header = head.indexOf(CONTENT_LENGTH_LINE);
  if (header === -1) {
    return text.indexOf('\0', bodyStart);
  }

  const length = digitsAt(head, header + CONTENT_LENGTH_LINE.length);
  if (length === -1) return -1;

  const bodyEnd = bodyStart + length;
  return text.charCodeAt(bodyEnd) === 0 ? bodyEnd : -1;
}

/** Compared byte by byte: cheaper than decoding text that may not fit. */
function startsWithCommandLine(data: Buffer): boolean {
  if (data.length < COMMAND_BYTES.length) return false;

  for (let i = 0; i < COMMAND_BYTES.length; i++) {
    if (data[i] !== COMMAND_BYTES[i]) return false;
  }
  return true;
}

/**
 * The decimal number from `start` to the end of its line, or -1 unless it
 * is 1 to 9 digits: a regular expression here cost a third of a frame.
 */
function digitsAt(text: string, start: number): number {
  let value = 0;
  let at = start;

  for (; at < text.length && at - start <= MAX_LENGTH_DIGITS; at++) {
    const code = text.charCodeAt(at);
    if (code === LF) break;
    if (code < ZERO || code > NINE) return -1;

    value = value * 10 + (code - ZERO);
  }

  const digits = at - start;
  return digits >= 1 && digits <= MAX_LENGTH_DIGITS ? value : -1;
}

/** Header lines split on their first colon; the first of a name wins. */
function headersOf(text: string, headEnd: number): Record<string, string> {
  const headers: Record<string, string> = {};
  let lineStart = COMMAND_LINE.length;

  while (lineStart <= headEnd) {
    const lineEnd = text.indexOf('\n', lineStart);
    const colon = text.indexOf(':', lineStart);
    const name = text.slice(lineStart, colon);
    if (!Object.hasOwn(headers, name)) {
      storeHeader(headers, name, text.slice(colon + 1, lineEnd));
    }
    lineStart = lineEnd + 1;
  }
  return headers;
}
