import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';

import { encodeFrame, FrameDecoder, type StompFrame } from '../../src/stomp';
import { chunks, textFrame } from './ws-frame';

/** What a client of the blast server speaks: STOMP, or bare JSON. */
export enum SessionMode {
  /** CONNECT, SUBSCRIBE, then MESSAGE frames: what Rhombus sends. */
  Stomp = 'stomp',
  /** No STOMP at all: each WebSocket message is one JSON body. */
  Raw = 'raw',
}

/** WebSocket messages per socket write. */
const PER_WRITE = 128;

/**
 * The server side of one benchmark client: a minimal STOMP 1.2 broker
 * (CONNECTED without heart-beats, one subscription, RECEIPT for
 * DISCONNECT) that sends what it is told to, as fast as the socket drains.
 */
export class BlastSession {
  private subscriptionId: string | undefined;
  private readonly decoder: FrameDecoder;
  private readonly waiters: (() => void)[] = [];

  /**
   * @param socket - the client as `ws` serves it: it reads the client's
   *   frames and answers the handshake
   * @param wire - the TCP socket under it, which events are written to
   */
  constructor(
    readonly label: string,
    readonly mode: SessionMode,
    private readonly socket: WebSocket,
    private readonly wire: Duplex,
  ) {
    this.decoder = new FrameDecoder({
      onFrame: (frame) => this.handleFrame(frame),
      onError: (error) => socket.close(1002, error.message.slice(0, 100)),
    });
    socket.on('message', (data: RawData) => this.decoder.push(toBuffer(data)));
    if (mode === SessionMode.Raw) this.subscriptionId = '';
  }

  /** The subscription to address MESSAGE frames to, once subscribed. */
  get subscription(): string | undefined {
    return this.subscriptionId;
  }

  /** Resolves once the client has subscribed (at once for Raw). */
  subscribed(): Promise<void> {
    if (this.subscriptionId !== undefined) return Promise.resolve();

    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Writes `count` messages, cycling through `messages` (each already a
   * WebSocket frame), as fast as the socket drains.
   */
  async blast(messages: readonly Buffer[], count: number): Promise<void> {
    for (const chunk of chunks(messages, count, PER_WRITE)) {
      if (!this.wire.write(chunk)) await drained(this.wire);
    }
  }

  /** Writes one STOMP frame now, as a WebSocket text message. */
  send(frame: Buffer): void {
    this.wire.write(textFrame(frame));
  }

  private handleFrame(frame: StompFrame): void {
    switch (frame.command) {
      case 'CONNECT':
      case 'STOMP':
        this.reply('CONNECTED', {
          version: '1.2',
          'heart-beat': '0,0',
          server: 'rhombus-bench/1.0',
        });
        return;
      case 'SUBSCRIBE':
        this.subscriptionId = frame.headers.id ?? '';
        this.waiters.splice(0).forEach((resolve) => resolve());
        return;
      case 'DISCONNECT':
        if (frame.headers.receipt !== undefined) {
          this.reply('RECEIPT', { 'receipt-id': frame.headers.receipt });
        }
        return;
    }
  }

  private reply(command: string, headers: Record<string, string>): void {
    this.socket.send(encodeFrame({ command, headers }), TEXT);
  }
}

/** Rhombus sends text messages; so does the bench, for every contender. */
const TEXT = { binary: false } as const;

/** Resolves on 'drain'; rejects if the socket closes first. */
function drained(wire: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      wire.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      wire.off('drain', onDrain);
      reject(new Error('the client closed its socket during a blast'));
    };

    wire.once('drain', onDrain);
    wire.once('close', onClose);
  });
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;

  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
