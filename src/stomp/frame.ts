/**
 * A STOMP 1.2 frame as it travels on the wire, in either direction.
 *
 * Headers are kept as a plain record: when a header repeats, STOMP 1.2 says
 * only the first occurrence counts, so the decoder keeps the first and drops
 * the rest. Header names and values are stored unescaped.
 */
export interface StompFrame {
  readonly command: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body bytes; empty when the frame has no body. */
  readonly body: Buffer;
  /**
   * The body as UTF-8 text, when the decoder already had it as text; a
   * consumer that wants text should prefer it to decoding `body` again.
   */
  readonly bodyText?: string;
}

/** A frame to be encoded; the body may be given as text (UTF-8). */
export interface OutgoingFrame {
  readonly command: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** Commands whose headers are never escaped (STOMP 1.2, "Value Encoding"). */
export const UNESCAPED_COMMANDS: ReadonlySet<string> = new Set([
  'CONNECT',
  'CONNECTED',
]);
