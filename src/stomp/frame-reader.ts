import { excerpt, StompDecodeError } from './codec-errors';
import type { StompDecodeErrorReason } from './codec-errors';
import { findCommand } from './commands';
import { badEscapeIn, tryUnescape } from './escape';
import type { StompFrame } from './frame';
import { StringTable } from './string-table';

const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;
const LF_LF = Buffer.from('\n\n');
/** How much of a frame is decoded at first in search of its header block. */
const HEAD_PROBE_BYTES = 2048;
/** Longer byte counts exceed any limit a decoder could be given. */
const LONGEST_BYTE_COUNT = 15;

/** What one call of {@link FrameReader.read} found. */
export enum ReadOutcome {
  /** A whole frame: see `frame` and `next`. */
  Frame,
  /** A broken frame: see `error` and `next`. */
  Error,
  /** The frame has not fully arrived: see `wait` and `neededBytes`. */
  Incomplete,
}

/** What must arrive before reading an unfinished frame again can progress. */
export enum FrameWait {
  /** Anything at all: the bytes have not been looked at yet. */
  Anything,
  /** A blank line ending the header block, or a NUL. */
  HeaderEnd,
  /** The NUL ending a body that has no content-length. */
  Nul,
  /** `neededBytes` bytes counted from the frame start. */
  Length,
}

/** Size limits, in bytes, that a frame must respect. */
export interface FrameLimits {
  readonly maxFrameBytes: number;
  readonly maxHeaderBytes: number;
}

/** Header names STOMP 1.2 defines, shared from the first frame on. */
const KNOWN_HEADER_NAMES = [
  'destination',
  'message-id',
  'subscription',
  'content-type',
  'content-length',
  'ack',
  'id',
  'receipt',
  'receipt-id',
  'transaction',
  'heart-beat',
  'version',
  'accept-version',
  'host',
  'login',
  'passcode',
  'session',
  'server',
  'message',
];

/**
 * Reads one frame out of a buffer that holds it from its first byte. Apart
 * from a table of header names and a line-end hint, it keeps nothing between
 * calls: whether the frame is whole is decided afresh each time, and
 * {@link FrameDecoder} only calls again once the awaited bytes may have
 * arrived.
 *
 * Results are left in fields rather than returned as an object, so reading
 * a frame allocates little beyond the frame itself.
 *
 * How it stays fast: every frame ends at a NUL, so the reader first finds
 * the first NUL after the frame start (memchr speed). A NUL before the blank
 * line means the frame was cut short; without content-length it is the end
 * of the body; and when a frame is broken, decoding carries on right after
 * it. The frame's start is then turned into one string with one call and
 * cut up with string searches, because each Buffer-to-string call costs far
 * more than the short string work it replaces.
 */
export class FrameReader {
  /** After {@link ReadOutcome.Frame}: the frame. */
  frame: StompFrame | undefined;
  /** After {@link ReadOutcome.Error}: what was wrong. */
  error: StompDecodeError | undefined;
  /**
   * After a frame: the offset just past its NUL. After an error: the offset
   * just past the broken frame's first NUL, where decoding resumes, or -1
   * when that NUL has not arrived yet and later bytes must be skipped up to
   * and including it.
   */
  next = 0;
  /** After {@link ReadOutcome.Incomplete}: what the frame waits for. */
  wait = FrameWait.Anything;
  /** With {@link FrameWait.Length}: frame size, from its first byte. */
  neededBytes = 0;

  private readonly names = new StringTable(KNOWN_HEADER_NAMES, true);
  /** Whether the last header block used CR LF line ends. */
  private lastHeadHadCr = false;
  private head = '';
  private headEnd = 0;
  private bodyStart = 0;
  private command: string | undefined;
  /** Whether header text of this frame must be unescaped. */
  private escaped = true;
  private sensitive = false;
  private headers: Record<string, string> = {};
  private contentLength = -1;

  constructor(private readonly limits: FrameLimits) {}

  /** Reads the frame that starts at `buf[start]`. */
  read(buf: Buffer, start: number): ReadOutcome {
    const nul = buf.indexOf(NUL, start);

    this.command = undefined;

    const headOutcome =
      this.findHead(buf, start, nul) ??
      this.readHead(this.head, this.headEnd, nul);

    if (headOutcome !== undefined) return headOutcome;
    if (this.contentLength === -1) return this.readBodyToNul(buf, start, nul);
    return this.readSizedBody(buf, start, nul);
  }

  /**
   * Finds the header block. Sets `head` (text whose first `headEnd`
   * characters are the block, each line ending in LF) and `bodyStart`;
   * undefined when found.
   */
  private findHead(
    buf: Buffer,
    start: number,
    nul: number,
  ): ReadOutcome | undefined {
    // The usual frame, whole and with LF line ends, is decoded to text in one
    // call, up to its NUL, and its header block ends at the first LF LF in
    // that text. Anything else takes the line walk.
    if (nul === -1 || this.lastHeadHadCr) return this.walkHead(buf, start, nul);

    const end = Math.min(nul, start + HEAD_PROBE_BYTES);
    const text = buf.toString('utf8', start, end);
    const blank = text.indexOf('\n\n');
    const cr = text.indexOf('\r');

    if (blank === -1 || (cr !== -1 && cr < blank)) {
      return this.walkHead(buf, start, nul);
    }

    this.head = text;
    this.headEnd = blank + 1;
    // Character and byte offsets agree when every byte became a character;
    // otherwise the bytes are searched again (UTF-8 in headers or body).
    this.bodyStart =
      text.length === end - start
        ? start + blank + 2
        : buf.indexOf(LF_LF, start) + 2;

    if (this.bodyStart - start > this.limits.maxHeaderBytes) {
      return this.headersTooLarge(nul);
    }
    return undefined;
  }

  /** Finds the header block line by line, allowing CR LF line ends. */
  private walkHead(
    buf: Buffer,
    start: number,
    nul: number,
  ): ReadOutcome | undefined {
    let lineStart = buf.indexOf(LF, start) + 1;

    for (;;) {
      if (lineStart === 0) return this.headUnfinished(buf, start, nul);

      const lineEnd = buf.indexOf(LF, lineStart);

      if (lineEnd === -1 || (nul !== -1 && nul < lineEnd)) {
        return this.headUnfinished(buf, start, nul);
      }
      if (withoutCr(buf, lineStart, lineEnd) === lineStart) {
        this.bodyStart = lineEnd + 1;
        break;
      }
      lineStart = lineEnd + 1;
    }

    if (this.bodyStart - start > this.limits.maxHeaderBytes) {
      return this.headersTooLarge(nul);
    }

    // The blank line is not part of the text; every line in it ends in LF.
    this.head = buf.toString('utf8', start, lineStart);
    this.headEnd = this.head.length;
    this.lastHeadHadCr = this.head.includes('\r');
    return undefined;
  }

  /** The header block has no end yet: cut short, too large, or waiting. */
  private headUnfinished(buf: Buffer, start: number, nul: number): ReadOutcome {
    if (nul !== -1) {
      return this.fail(
        'truncated-frame',
        `${this.label()} ended (NUL) before its header block was complete`,
        nul,
      );
    }
    if (buf.length - start > this.limits.maxHeaderBytes) {
      return this.headersTooLarge(nul);
    }

    this.wait = FrameWait.HeaderEnd;
    return ReadOutcome.Incomplete;
  }

  /** Reads command and headers from the header block's text. */
  private readHead(
    head: string,
    headEnd: number,
    nul: number,
  ): ReadOutcome | undefined {
    let lineEnd = head.indexOf('\n');
    const commandOutcome = this.readCommand(head, headEnd, lineEnd, nul);

    if (commandOutcome !== undefined) return commandOutcome;

    for (let lineStart = lineEnd + 1; lineStart < headEnd;) {
      lineEnd = head.indexOf('\n', lineStart);

      const textEnd =
        head.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      const outcome = this.readHeader(head, lineStart, textEnd, nul);

      if (outcome !== undefined) return outcome;
      lineStart = lineEnd + 1;
    }
    return undefined;
  }

  private readCommand(
    head: string,
    headEnd: number,
    lineEnd: number,
    nul: number,
  ): ReadOutcome | undefined {
    const textEnd =
      lineEnd > 0 && head.charCodeAt(lineEnd - 1) === CR
        ? lineEnd - 1
        : lineEnd;
    const info = findCommand(head, 0, textEnd);

    if (info === undefined) {
      const line = head.slice(0, textEnd);

      return this.fail('bad-command', `unknown command ${excerpt(line)}`, nul);
    }

    this.command = info.command;
    // Most header blocks hold no backslash at all; one search here spares
    // one per name and value.
    const slash = head.indexOf('\\');

    this.escaped = info.escapes && slash !== -1 && slash < headEnd;
    this.sensitive = info.sensitive;
    this.headers = {};
    this.contentLength = -1;
    return undefined;
  }

  /** Reads the header line `head[lineStart, textEnd)`, EOL excluded. */
  private readHeader(
    head: string,
    lineStart: number,
    textEnd: number,
    nul: number,
  ): ReadOutcome | undefined {
    const colon = head.indexOf(':', lineStart);

    if (colon === -1 || colon >= textEnd) {
      const line = this.sensitive
        ? ''
        : `: ${excerpt(head.slice(lineStart, textEnd))}`;

      return this.fail(
        'bad-header',
        `header line without a colon in ${this.label()}${line}`,
        nul,
      );
    }
    if (colon === lineStart) {
      return this.fail(
        'bad-header',
        `header line with an empty name in ${this.label()}`,
        nul,
      );
    }

    const rawName = this.names.intern(head, lineStart, colon);
    const rawValue = head.slice(colon + 1, textEnd);

    return this.keepHeader(rawName, rawValue, nul);
  }

  /** Unescapes a header and stores it unless its name came before. */
  private keepHeader(
    rawName: string,
    rawValue: string,
    nul: number,
  ): ReadOutcome | undefined {
    const name = this.escaped ? tryUnescape(rawName) : rawName;

    if (name === undefined) {
      return this.badEscape(rawName, `a header name ${excerpt(rawName)}`, nul);
    }

    const value = this.escaped ? tryUnescape(rawValue) : rawValue;

    if (value === undefined) {
      return this.badEscape(rawValue, `header ${excerpt(name)}`, nul);
    }

    // STOMP 1.2: when a header repeats, only its first occurrence counts.
    // Own values are always strings and nothing inherited from
    // Object.prototype is, so this tells a repeat cheaper than hasOwn.
    if (typeof this.headers[name] === 'string') return undefined;

    storeHeader(this.headers, name, value);
    return name === 'content-length'
      ? this.readContentLength(value, nul)
      : undefined;
  }

  private readContentLength(
    value: string,
    nul: number,
  ): ReadOutcome | undefined {
    const length = byteCount(value);

    if (length === -1) {
      const quoted = this.sensitive ? '' : ` ${excerpt(value)}`;

      return this.fail(
        'bad-content-length',
        `content-length${quoted} of ${this.label()} is not a byte count`,
        nul,
      );
    }

    this.contentLength = length;
    return undefined;
  }

  /** Reads a body whose size content-length gave. */
  private readSizedBody(buf: Buffer, start: number, nul: number): ReadOutcome {
    const bodyEnd = this.bodyStart + this.contentLength;
    const frameBytes = bodyEnd + 1 - start;

    if (frameBytes > this.limits.maxFrameBytes) {
      return this.frameTooLarge(`${frameBytes} bytes by content-length`, nul);
    }
    if (bodyEnd >= buf.length) {
      this.wait = FrameWait.Length;
      this.neededBytes = frameBytes;
      return ReadOutcome.Incomplete;
    }
    if (buf[bodyEnd] !== NUL) {
      return this.fail(
        'missing-nul',
        `${this.label()} has no NUL after the ${this.contentLength} body ` +
          'bytes its content-length announced',
        nul,
      );
    }
    return this.accept(buf, bodyEnd);
  }

  /** Reads a body that runs to the first NUL. */
  private readBodyToNul(buf: Buffer, start: number, nul: number): ReadOutcome {
    if (nul === -1) {
      if (buf.length - start > this.limits.maxFrameBytes) {
        return this.frameTooLarge('no NUL yet', nul);
      }

      this.wait = FrameWait.Nul;
      return ReadOutcome.Incomplete;
    }
    if (nul + 1 - start > this.limits.maxFrameBytes) {
      return this.frameTooLarge(`${nul + 1 - start} bytes`, nul);
    }
    return this.accept(buf, nul);
  }

  /**
   * The body is a view of `buf`, not a copy: the hot path (a whole frame in
   * one WebSocket message) then copies nothing. FrameDecoder never writes to
   * a buffer once it has handed out a view of it.
   */
  private accept(buf: Buffer, bodyEnd: number): ReadOutcome {
    this.frame = {
      command: this.command ?? '',
      headers: this.headers,
      body: buf.subarray(this.bodyStart, bodyEnd),
    };
    this.next = bodyEnd + 1;
    return ReadOutcome.Frame;
  }

  private badEscape(raw: string, where: string, nul: number): ReadOutcome {
    // Even two characters of a STOMP frame's passcode are not shown.
    const sequence = this.sensitive ? '' : ` ${excerpt(badEscapeIn(raw))}`;

    return this.fail(
      'bad-escape',
      `undefined escape sequence${sequence} in ${where} of ${this.label()}`,
      nul,
    );
  }

  private headersTooLarge(nul: number): ReadOutcome {
    return this.fail(
      'headers-too-large',
      `${this.label()} has a header block over maxHeaderBytes ` +
        `(${this.limits.maxHeaderBytes})`,
      nul,
    );
  }

  private frameTooLarge(size: string, nul: number): ReadOutcome {
    return this.fail(
      'frame-too-large',
      `${this.label()} exceeds maxFrameBytes ` +
        `(${this.limits.maxFrameBytes}; ${size})`,
      nul,
    );
  }

  private fail(
    reason: StompDecodeErrorReason,
    message: string,
    nul: number,
  ): ReadOutcome {
    this.error = new StompDecodeError(reason, message, this.command);
    this.next = nul === -1 ? -1 : nul + 1;
    return ReadOutcome.Error;
  }

  private label(): string {
    return this.command === undefined ? 'frame' : `${this.command} frame`;
  }
}

/** The number written in decimal digits, or -1 for anything else. */
function byteCount(text: string): number {
  if (text.length === 0 || text.length > LONGEST_BYTE_COUNT) return -1;

  let count = 0;

  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 0x30;

    if (digit < 0 || digit > 9) return -1;
    count = count * 10 + digit;
  }
  return count;
}

/** The end of a line's text: its LF, or the CR just before that LF. */
function withoutCr(buf: Buffer, lineStart: number, lineEnd: number): number {
  return lineEnd > lineStart && buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
}

/** Adds a header, safely even for the name `__proto__`. */
export function storeHeader(
  headers: Record<string, string>,
  name: string,
  value: string,
): void {
  // Plain assignment to "__proto__" would change the prototype (or be
  // ignored) instead of adding a header, so that one name is defined.
  if (name === '__proto__') {
    Object.defineProperty(headers, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return;
  }
  headers[name] = value;
}
