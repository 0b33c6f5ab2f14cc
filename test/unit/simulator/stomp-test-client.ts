import { WebSocket } from 'ws';

import { encodeFrame, FrameDecoder } from '../../../src/stomp';
import type { OutgoingFrame, StompFrame } from '../../../src/stomp/frame';

/** How long a test waits for an expected frame before failing. */
const WAIT_MS = 2000;

interface Waiter {
  readonly accepts: (frame: StompFrame) => boolean;
  readonly resolve: (frame: StompFrame) => void;
}

/**
 * A minimal STOMP client for the simulator tests: a real `ws` socket and
 * the package's own codec, with helpers to wait for frames.
 */
export class TestStompClient {
  readonly frames: StompFrame[] = [];
  heartBeats = 0;
  /** Codec errors; a test that expects none asserts this is empty. */
  readonly decodeErrors: Error[] = [];
  /** Resolves with the close code once the socket closes. */
  readonly closed: Promise<number>;
  private readonly unread: StompFrame[] = [];
  private readonly waiters: Waiter[] = [];
  private heartBeatWaiters: (() => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    const decoder = new FrameDecoder({
      onFrame: (frame) => this.receive(frame),
      onHeartBeat: () => this.countHeartBeat(),
      onError: (err) => this.decodeErrors.push(err),
    });
    socket.on('message', (data: Buffer) => decoder.push(data));
    this.closed = new Promise((resolve) =>
      socket.once('close', (code: number) => resolve(code)),
    );
  }

  /** Opens a socket with the simulator's auth scheme and `key`. */
  static open(wsUrl: string, key: string): Promise<TestStompClient> {
    const socket = new WebSocket(`${wsUrl}?x-auth-scheme=api-token`, {
      headers: { 'x-auth-apikey': key },
    });

    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestStompClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Opens, sends CONNECT and waits for CONNECTED. */
  static async connect(
    wsUrl: string,
    key: string,
    heartBeat = '0,0',
  ): Promise<TestStompClient> {
    const client = await TestStompClient.open(wsUrl, key);
    client.send({
      command: 'CONNECT',
      headers: {
        'accept-version': '1.2',
        host: 'simulator',
        'heart-beat': heartBeat,
      },
    });
    await client.next('CONNECTED');

    return client;
  }

  send(frame: OutgoingFrame): void {
    this.socket.send(encodeFrame(frame));
  }

  sendRaw(data: string): void {
    this.socket.send(data);
  }

  /** Subscribes with a receipt and waits for it, so events can follow. */
  async subscribe(destination: string, id = 'sub-0'): Promise<void> {
    const receipt = `subscribed-${id}`;
    this.send({
      command: 'SUBSCRIBE',
      headers: { id, destination, receipt },
    });
    await this.next('RECEIPT', (f) => f.headers['receipt-id'] === receipt);
  }

  /** The next unread frame with `command` (and matching `accepts`). */
  next(
    command: string,
    accepts: (frame: StompFrame) => boolean = () => true,
  ): Promise<StompFrame> {
    const matches = (f: StompFrame) => f.command === command && accepts(f);
    const index = this.unread.findIndex(matches);
    if (index >= 0) {
      return Promise.resolve(this.unread.splice(index, 1)[0] as StompFrame);
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${command} frame within ${WAIT_MS} ms`)),
        WAIT_MS,
      );
      this.waiters.push({
        accepts: matches,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  }

  /** The JSON bodies of the next `count` MESSAGE frames. */
  async messages(count: number): Promise<Record<string, unknown>[]> {
    const bodies: Record<string, unknown>[] = [];
    while (bodies.length < count) {
      const frame = await this.next('MESSAGE');
      bodies.push(JSON.parse(frame.body.toString('utf8')));
    }

    return bodies;
  }

  /** Resolves once `count` heart-beats have arrived in all. */
  heartBeatsReached(count: number): Promise<void> {
    if (this.heartBeats >= count) {
      return Promise.resolve();
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fewer than ${count} heart-beats`)),
        WAIT_MS,
      );
      const check = () => {
        if (this.heartBeats < count) {
          this.heartBeatWaiters.push(check);
          return;
        }
        clearTimeout(timer);
        resolve();
      };
      this.heartBeatWaiters.push(check);
    });
  }

  close(): Promise<number> {
    this.socket.close();

    return this.closed;
  }

  private countHeartBeat(): void {
    this.heartBeats++;
    const waiters = this.heartBeatWaiters;
    this.heartBeatWaiters = [];
    waiters.forEach((check) => check());
  }

  private receive(frame: StompFrame): void {
    this.frames.push(frame);
    const index = this.waiters.findIndex((w) => w.accepts(frame));
    if (index >= 0) {
      this.waiters.splice(index, 1)[0]?.resolve(frame);

      return;
    }

    this.unread.push(frame);
  }
}

/** The HTTP status a WebSocket upgrade was refused with. */
export function upgradeStatus(
  wsUrl: string,
  headers: Record<string, string>,
  query = '?x-auth-scheme=api-token',
): Promise<number> {
  const socket = new WebSocket(`${wsUrl}${query}`, { headers });

  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', (err) => reject(err));
  });
}
