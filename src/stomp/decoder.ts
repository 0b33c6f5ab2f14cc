import { StompDecodeError } from './codec-errors';
import type { StompFrame } from './frame';
import { FrameReader, FrameWait, ReadOutcome } from './frame-reader';
import { readLoneMessage } from './lone-message';

const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;
/** A lone CR at the end of the data: it may yet become a CR LF heart-beat. */
const EOL_UNFINISHED = -1;

/** Default {@link FrameDecoderOptions.maxFrameBytes}: 1 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
/** Default {@link FrameDecoderOptions.maxHeaderBytes}: 64 KiB. */
export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;

/** Callbacks and limits of a {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /**
   * Called for each whole frame, in order. The frame's body is a view of the
   * pushed data, not a copy, so a pushed Buffer must not be changed later.
   */
  onFrame(frame: StompFrame): void;
  /** Called for each heart-beat: a bare `\n` or `\r\n` between frames. */
  onHeartBeat?(): void;
  /** Called for each frame dropped as malformed; decoding carries on. */
  onError(error: StompDecodeError): void;
  /**
   * Largest frame accepted, in bytes from its command to its closing NUL.
   * Also the bound on data held for a frame still arriving. Default 1 MiB.
   */
  maxFrameBytes?: number;
  /** Largest header block accepted, command line included. Default 64 KiB. */
  maxHeaderBytes?: number;
}

/**
 * Turns a stream of WebSocket messages into STOMP 1.2 frames and heart-beats.
 *
 * Messages may hold several frames, part of a frame (split at any byte), and
 * heart-beats between frames; text and binary messages may be mixed. A whole
 * frame inside one message is read in place, without copying it.
 *
 * A malformed frame goes to `onError` and is dropped up to and including its
 * first NUL, then decoding resumes with the next frame. `push()` itself
 * never throws for bad input.
 *
 * Callbacks: whatever a callback throws propagates out of `push()`
 * unchanged, since hiding a bug in the caller's handler would be worse. The
 * decoder first moves past the frame, heart-beat or error being reported, so
 * it stays consistent: the bytes after it are kept and decoded at the start
 * of the next `push()` (an empty string will do); only then may the data
 * held exceed `maxFrameBytes`, by the rest of that message. A callback may
 * call `reset()`, which ends the current `push()`, or `push()`, whose data
 * is queued behind the data being decoded.
 */
export class FrameDecoder {
  private readonly reader: FrameReader;
  private readonly onFrame: (frame: StompFrame) => void;
  private readonly onHeartBeat: () => void;
  private readonly onError: (error: StompDecodeError) => void;
  private readonly maxFrameBytes: number;
  private readonly maxHeaderBytes: number;

  /**
   * Data not decoded yet, oldest first: an unfinished frame, or whatever
   * followed a frame whose callback threw.
   */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** What the pending data waits for, and how much with FrameWait.Length. */
  private wait = FrameWait.Anything;
  private neededBytes = 0;
  /** Discarding bytes up to the NUL that ends a frame already reported. */
  private skipping = false;
  /** Data pushed by a callback while a push() was still decoding. */
  private inbox: Buffer[] = [];
  private busy = false;
  /** Bumped by reset(), so a decoding loop notices it has been reset. */
  private epoch = 0;

  constructor(options: FrameDecoderOptions) {
    this.maxFrameBytes = sizeOption(
      'maxFrameBytes',
      options.maxFrameBytes,
      DEFAULT_MAX_FRAME_BYTES,
    );
    this.maxHeaderBytes = Math.min(
      this.maxFrameBytes,
      sizeOption(
        'maxHeaderBytes',
        options.maxHeaderBytes,
        DEFAULT_MAX_HEADER_BYTES,
      ),
    );
    this.reader = new FrameReader({
      maxFrameBytes: this.maxFrameBytes,
      maxHeaderBytes: this.maxHeaderBytes,
    });
    // Called through `options` so that an object with methods keeps `this`.
    this.onFrame = (frame) => options.onFrame(frame);
    this.onHeartBeat = () => options.onHeartBeat?.();
    this.onError = (error) => options.onError(error);
  }

  /** Bytes held for a frame that has not fully arrived. */
  get bufferedBytes(): number {
    return this.pendingLength;
  }

  /** Decodes one WebSocket message: text (UTF-8) or binary. */
  push(chunk: Buffer | string): void {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;

    if (this.busy) {
      this.inbox.push(data);
      return;
    }

    this.abandonCutFrame(data);
    if (this.pendingLength === 0 && !this.skipping) {
      const frame = readLoneMessage(data, this.maxHeaderBytes);
      if (frame) {
        this.onFrame(frame);
        return;
      }
    }

    this.busy = true;
    try {
      if (this.inbox.length === 0) this.accept(data);
      else this.inbox.push(data);
      if (this.inbox.length > 0) this.drainInbox();
    } finally {
      this.busy = false;
    }
  }

  /**
   * Forgets any partial frame and queued data, as for a new connection. When
   * called from a callback, the rest of the current push() is dropped too.
   */
  reset(): void {
    this.clearPending();
    this.skipping = false;
    this.inbox = [];
    this.epoch += 1;
  }

  /**
   * Rhombus sends one frame per WebSocket message. When a frame still waits
   * for its end (its NUL never came) and a new message starts with a server
   * command line, the old frame was cut short: it is reported and dropped
   * so that it does not swallow the next one, which would lose an event.
   * A body without content-length that happened to be split just before a
   * line reading "MESSAGE" would be misread; no real event body is.
   */
  private abandonCutFrame(chunk: Buffer): void {
    const waitsForEnd =
      this.skipping ||
      (this.pendingLength > 0 &&
        (this.wait === FrameWait.Nul || this.wait === FrameWait.HeaderEnd));
    if (!waitsForEnd || !startsWithServerCommand(chunk)) return;

    const reported = this.skipping;
    this.clearPending();
    this.skipping = false;
    if (!reported) {
      this.onError(
        new StompDecodeError(
          'missing-nul',
          'a frame was cut short: the next frame began before its NUL',
        ),
      );
    }
  }

  private drainInbox(): void {
    for (let next = this.inbox.shift(); next; next = this.inbox.shift()) {
      this.accept(next);
    }
  }

  private accept(chunk: Buffer): void {
    if (this.pendingLength === 0) {
      this.decode(chunk, 0);
      return;
    }
    if (!this.mayFinish(chunk)) {
      this.hold(chunk);
      return;
    }

    this.pending.push(chunk);

    const data = Buffer.concat(this.pending, this.pendingLength + chunk.length);

    this.clearPending();
    this.decode(data, 0);
  }

  /**
   * Whether the pending frame might be complete (or provably broken) once
   * `chunk` is added. Answering from the new bytes alone keeps a frame that
   * trickles in byte by byte linear in cost instead of quadratic.
   */
  private mayFinish(chunk: Buffer): boolean {
    const total = this.pendingLength + chunk.length;

    switch (this.wait) {
      case FrameWait.Anything:
        return true;
      case FrameWait.Length:
        return total >= this.neededBytes;
      case FrameWait.Nul:
        return total > this.maxFrameBytes || chunk.indexOf(NUL) !== -1;
      case FrameWait.HeaderEnd:
        return (
          total > this.maxHeaderBytes ||
          chunk.indexOf(NUL) !== -1 ||
          this.blankLineWith(chunk)
        );
    }
  }

  /**
   * Whether `chunk` ends the header block: a blank line within it, or one
   * that began in the last bytes already held.
   */
  private blankLineWith(chunk: Buffer): boolean {
    if (hasBlankLine(chunk)) return true;

    const seam = Buffer.concat([this.lastTwoBytes(), chunk.subarray(0, 2)]);

    return hasBlankLine(seam);
  }

  /** The last two bytes held, which may lie in different chunks. */
  private lastTwoBytes(): Buffer {
    const last = this.pending[this.pending.length - 1];

    if (last.length >= 2 || this.pending.length === 1) {
      return last.subarray(Math.max(0, last.length - 2));
    }

    const previous = this.pending[this.pending.length - 2];

    return Buffer.concat([previous.subarray(previous.length - 1), last]);
  }

  private hold(chunk: Buffer): void {
    if (chunk.length === 0) return;

    this.pending.push(chunk);
    this.pendingLength += chunk.length;
  }

  /**
   * Keeps `buf[from..]` for the next push. It is copied so the pushed buffer
   * it came from can be freed; its size is within the limits.
   */
  private keep(buf: Buffer, from: number, wait: FrameWait): void {
    this.pending = [Buffer.from(buf.subarray(from))];
    this.pendingLength = buf.length - from;
    this.wait = wait;
    this.neededBytes = this.reader.neededBytes;
  }

  private clearPending(): void {
    this.pending = [];
    this.pendingLength = 0;
    this.wait = FrameWait.Anything;
  }

  /** Decodes `buf` from `pos`, keeping any unfinished frame at its end. */
  private decode(buf: Buffer, pos: number): void {
    const epoch = this.epoch;

    while (pos < buf.length && epoch === this.epoch) {
      if (this.skipping) {
        pos = this.skipToNul(buf, pos);
        continue;
      }

      const eolEnd = endOfEol(buf, pos);

      if (eolEnd === EOL_UNFINISHED) {
        this.keep(buf, pos, FrameWait.Anything);
        return;
      }
      if (eolEnd > pos) {
        pos = eolEnd;
        this.report(this.onHeartBeat, undefined, buf, pos, epoch);
        continue;
      }

      pos = this.decodeFrame(buf, pos, epoch);
    }
  }

  /** Decodes the frame at `pos`; returns where decoding goes on. */
  private decodeFrame(buf: Buffer, pos: number, epoch: number): number {
    const reader = this.reader;
    const outcome = reader.read(buf, pos);

    if (outcome === ReadOutcome.Incomplete) {
      this.keep(buf, pos, reader.wait);
      return buf.length;
    }
    if (outcome === ReadOutcome.Frame && reader.frame) {
      const decoded = reader.frame;

      // Not left in the reader, where it would keep the pushed data alive.
      reader.frame = undefined;
      this.report(this.onFrame, decoded, buf, reader.next, epoch);
      return reader.next;
    }

    const next = reader.next === -1 ? buf.length : reader.next;

    this.skipping = reader.next === -1;
    if (reader.error) this.report(this.onError, reader.error, buf, next, epoch);
    return next;
  }

  private skipToNul(buf: Buffer, pos: number): number {
    const nul = buf.indexOf(NUL, pos);

    if (nul === -1) return buf.length;

    this.skipping = false;
    return nul + 1;
  }

  /**
   * Calls a callback with the decoder already past what it reports. If the
   * callback throws, the bytes from `next` on are kept for the next push()
   * (unless the callback reset the decoder) and the exception goes on up.
   */
  private report<T>(
    callback: (value: T) => void,
    value: T,
    buf: Buffer,
    next: number,
    epoch: number,
  ): void {
    try {
      callback(value);
    } catch (error) {
      if (epoch === this.epoch && next < buf.length) {
        this.keep(buf, next, FrameWait.Anything);
      }
      throw error;
    }
  }
}

/**
 * The end of a heart-beat EOL at `pos`, `pos` itself when there is none, or
 * EOL_UNFINISHED for a CR that is the last byte so far.
 */
function endOfEol(buf: Buffer, pos: number): number {
  const byte = buf[pos];

  if (byte === LF) return pos + 1;
  if (byte !== CR) return pos;
  if (pos + 1 === buf.length) return EOL_UNFINISHED;
  return buf[pos + 1] === LF ? pos + 2 : pos;
}

function hasBlankLine(buf: Buffer): boolean {
  return buf.indexOf('\n\n') !== -1 || buf.indexOf('\n\r\n') !== -1;
}

function sizeOption(
  name: string,
  value: number | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(
      `FrameDecoder option ${name} must be a positive whole number of ` +
        `bytes, got ${String(value)}`,
    );
  }
  return value;
}

const SERVER_COMMAND_LINES = ['MESSAGE', 'RECEIPT', 'ERROR', 'CONNECTED'].map(
  (command) => Buffer.from(`${command}\n`),
);

/** Whether `chunk` begins with the command line of a server frame. */
function startsWithServerCommand(chunk: Buffer): boolean {
  return SERVER_COMMAND_LINES.some(
    (line) =>
      chunk.length >= line.length &&
      line.equals(chunk.subarray(0, line.length)),
  );
}
