import WebSocket from 'ws';

/** One way of turning WebSocket messages into parsed events. */
export interface Contender {
  readonly name: string;
  /** What it asks the server for: STOMP frames, or bare JSON. */
  readonly mode: 'stomp' | 'raw';
  /**
   * Connects to `url` and subscribes; `onEvent` gets each event's end
   * product. Resolves once the subscription is on its way.
   */
  connect(url: string, onEvent: (value: unknown) => void): Promise<Connected>;
}

export interface Connected {
  close(): Promise<void>;
}

/** The destination every STOMP contender subscribes to. */
export const DESTINATION = '/topic/change/bench-org';

/** The subscription id the server's frames are addressed to by default. */
export const SUBSCRIPTION_ID = 'rhombus-0';

/**
 * A `ws` client as every contender but ours opens it; ours sets the same
 * options itself (no compression, which the server would refuse anyway).
 */
export function openSocket(url: string): WebSocket {
  return new WebSocket(url, { perMessageDeflate: false });
}

/** Resolves when `socket` is open; rejects on an error first. */
export function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
}

/** Closes `socket` and resolves when it is closed. */
export function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();

  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.close(1000);
  });
}

/** A text message's bytes as `ws` hands them over, as a string. */
export function messageText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');

  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

  return bytes.toString('utf8');
}
