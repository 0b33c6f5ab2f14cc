/**
 * Why a frame could not be decoded. The codes are stable: callers may switch
 * on them, while the message text is for people and may change.
 *
 * - `bad-command`: the command line is empty or not a STOMP 1.2 command.
 * - `bad-header`: a header line has no colon, or an empty name.
 * - `bad-escape`: a header uses an escape sequence STOMP 1.2 does not define.
 * - `bad-content-length`: `content-length` is not a whole number of bytes.
 * - `missing-nul`: the body announced by `content-length` is not followed by
 *   the NUL that ends a frame.
 * - `truncated-frame`: a NUL arrived before the header block was complete.
 * - `frame-too-large`: the frame is longer than `maxFrameBytes`.
 * - `headers-too-large`: the header block is longer than `maxHeaderBytes`.
 */
export type StompDecodeErrorReason =
  | 'bad-command'
  | 'bad-header'
  | 'bad-escape'
  | 'bad-content-length'
  | 'missing-nul'
  | 'truncated-frame'
  | 'frame-too-large'
  | 'headers-too-large';

/**
 * A frame the decoder dropped. The message quotes at most a short excerpt of
 * the frame and never a header value of a CONNECT, STOMP or CONNECTED frame,
 * since those can carry credentials.
 */
export class StompDecodeError extends Error {
  readonly reason: StompDecodeErrorReason;
  /** The frame's command, when the command line was readable. */
  readonly command: string | undefined;

  constructor(
    reason: StompDecodeErrorReason,
    message: string,
    command?: string,
  ) {
    super(message);
    this.name = 'StompDecodeError';
    this.reason = reason;
    this.command = command;
  }
}

/**
 * Why a frame could not be encoded: `bad-command` for a command STOMP 1.2
 * does not define, `bad-header` for a header the wire format cannot carry.
 */
export type StompEncodeErrorReason = 'bad-command' | 'bad-header';

/**
 * Thrown by the encoder for a frame that cannot be written. This is a bug in
 * the caller, not a network condition. The message names headers but never
 * quotes their values.
 */
export class StompEncodeError extends Error {
  readonly reason: StompEncodeErrorReason;

  constructor(reason: StompEncodeErrorReason, message: string) {
    super(message);
    this.name = 'StompEncodeError';
    this.reason = reason;
  }
}

const EXCERPT_CHARS = 32;

/**
 * Quotes the start of some frame text for an error message, with control
 * characters made visible and long text cut short.
 */
export function excerpt(text: string): string {
  const cut = text.length > EXCERPT_CHARS;
  const quoted = JSON.stringify(cut ? text.slice(0, EXCERPT_CHARS) : text);

  return cut ? `${quoted}…` : quoted;
}
