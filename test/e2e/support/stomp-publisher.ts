import WebSocket from 'ws';

import { encodeFrame, FrameDecoder, type StompFrame } from '../../../src/stomp';

/** Header that tells a flush marker from the messages under test. */
export const MARKER_HEADER = 'x-e2e-marker';

interface Pending {
  resolve(frame: StompFrame): void;
  reject(error: Error): void;
}

/**
 * The second client of the broker tests: a bare WebSocket speaking STOMP
 * 1.2 through the package's own frame encoder and decoder, with none of
 * StompSession's machinery. It publishes with SEND frames.
 */
export class StompPublisher {
  private readonly socket: WebSocket;
  private readonly decoder: FrameDecoder;
  private handshake: Pending | undefined;
  private readonly receipts = new Map<string, () => void>();
  private receiptCount = 0;
  private failure: Error | undefined;
  private connectedFrame: StompFrame | undefined;

  private constructor(url: string) {
    this.socket = new WebSocket(url, { perMessageDeflate: false });
    this.decoder = new FrameDecoder({
      onFrame: (frame) => this.handle(frame),
      onError: (error) => this.fail(error),
    });
    this.socket.on('message', (data: Buffer) => this.decoder.push(data));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('socket closed')));
  }

  /**
   * Opens a socket and completes the STOMP handshake with `headers` added
   * to CONNECT. Rejects on an ERROR frame or a closed socket.
   */
  static async connect(
    url: string,
    headers: Readonly<Record<string, string>>,
  ): Promise<StompPublisher> {
    const publisher = new StompPublisher(url);
    await publisher.open(headers);
    return publisher;
  }

  /** The server's CONNECTED frame. */
  get connected(): StompFrame {
    if (!this.connectedFrame) throw new Error('not connected');
    return this.connectedFrame;
  }

  /** Sends one SEND frame; the encoder escapes headers and sets length. */
  send(
    destination: string,
    body: string | Buffer,
    headers: Readonly<Record<string, string>> = {},
  ): void {
    this.throwIfFailed();
    this.socket.send(
      encodeFrame({
        command: 'SEND',
        headers: { ...headers, destination },
        body,
      }),
    );
  }

  /**
   * Resolves once the broker has taken every SEND before: it answers a
   * receipt only after handling the frames ahead of it. The marker frame
   * goes to `destination` too, with the header {@link MARKER_HEADER}, so
   * subscribers see it after the others.
   */
  flush(destination: string, marker: string): Promise<void> {
    this.throwIfFailed();
    const receipt = `flush-${++this.receiptCount}`;
    const answered = new Promise<void>((resolve) => {
      this.receipts.set(receipt, resolve);
    });

    this.send(destination, marker, { receipt, [MARKER_HEADER]: 'true' });
    return answered;
  }

  /** Sends DISCONNECT and closes the socket. */
  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.OPEN) {
      this.socket.terminate();
      return;
    }

    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.send(encodeFrame({ command: 'DISCONNECT' }));
    this.socket.close(1000);
    await closed;
  }

  private open(headers: Readonly<Record<string, string>>): Promise<void> {
    const connected = new Promise<StompFrame>((resolve, reject) => {
      this.handshake = { resolve, reject };
    });

    this.socket.once('open', () =>
      this.socket.send(encodeFrame({ command: 'CONNECT', headers })),
    );
    return connected.then((frame) => {
      this.connectedFrame = frame;
    });
  }

  private handle(frame: StompFrame): void {
    if (frame.command === 'CONNECTED') {
      this.handshake?.resolve(frame);
      this.handshake = undefined;
      return;
    }

    if (frame.command === 'RECEIPT') {
      const id = frame.headers['receipt-id'] ?? '';
      this.receipts.get(id)?.();
      this.receipts.delete(id);
      return;
    }

    this.fail(new Error(`broker sent ${describe(frame)}`));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.handshake?.reject(error);
    this.handshake = undefined;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

function describe(frame: StompFrame): string {
  const message = frame.headers['message'] ?? '';
  return `${frame.command} ${message} ${frame.body.toString('utf8')}`.trim();
}
