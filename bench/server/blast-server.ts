import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

import { encodeFrame } from '../../src/stomp';
import { monotonicUs, nowMs } from '../clock';
import { SENT_AT_FIELD } from './protocol';
import { BlastSession, SessionMode } from './blast-session';
import { textFrame } from './ws-frame';

/**
 * The one server every contender reads from: a WebSocket server on
 * 127.0.0.1 whose clients name themselves in the path, `/stomp/<label>`
 * or `/raw/<label>`, and then receive the same pre-encoded events, as
 * many as the bench asks for, as fast as the socket drains.
 */
export class BlastServer {
  private readonly http: Server = createServer();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, BlastSession>();
  private readonly arrivals = new Map<string, (() => void)[]>();
  /** MESSAGE frames of every body, by subscription id. */
  private readonly framesBySubscription = new Map<string, Buffer[]>();
  /** The bodies, each as a WebSocket message on its own (the floor). */
  private readonly rawMessages: Buffer[];
  /** framesBySubscription, each frame as a WebSocket message. */
  private readonly messagesBySubscription = new Map<string, Buffer[]>();

  constructor(
    private readonly bodies: readonly string[],
    private readonly destination: string,
  ) {
    this.rawMessages = bodies.map((body) => textFrame(Buffer.from(body)));
    this.http.on('upgrade', (request: IncomingMessage, wire: Duplex, head) =>
      this.wss.handleUpgrade(request, wire, head, (ws) =>
        this.accept(ws, request, wire),
      ),
    );
  }

  /** Listens on an ephemeral loopback port; resolves to `ws://host:port`. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) =>
      this.http.listen(0, '127.0.0.1', resolve),
    );

    const { port } = this.http.address() as AddressInfo;

    return `ws://127.0.0.1:${port}`;
  }

  /** The frames for subscription `id`, as the bench's clients receive. */
  framesFor(id: string): Buffer[] {
    let frames = this.framesBySubscription.get(id);

    if (frames === undefined) {
      frames = this.bodies.map((body, i) => this.frame(id, body, i));
      this.framesBySubscription.set(id, frames);
    }
    return frames;
  }

  private messagesFor(id: string): Buffer[] {
    let messages = this.messagesBySubscription.get(id);

    if (messages === undefined) {
      messages = this.framesFor(id).map(textFrame);
      this.messagesBySubscription.set(id, messages);
    }
    return messages;
  }

  /** Resolves once the client labelled `label` has subscribed. */
  async waitSubscribed(label: string): Promise<void> {
    const session =
      this.sessions.get(label) ??
      (await new Promise<BlastSession>((resolve) => {
        const waiting = this.arrivals.get(label) ?? [];

        waiting.push(() => resolve(this.sessions.get(label) as BlastSession));
        this.arrivals.set(label, waiting);
      }));

    await session.subscribed();
  }

  /** Sends `count` events to `label` as fast as its socket drains. */
  async blast(label: string, count: number): Promise<void> {
    const session = this.subscribedSession(label);
    const messages =
      session.mode === SessionMode.Raw
        ? this.rawMessages
        : this.messagesFor(session.subscription ?? '');

    await session.blast(messages, count);
  }

  /**
   * Sends `count` events to `label` at a steady `perSecond`, each body
   * carrying the moment it was sent (SENT_AT_FIELD), for latency.
   */
  pace(label: string, count: number, perSecond: number): Promise<void> {
    const session = this.subscribedSession(label);
    const startedMs = nowMs();
    let sent = 0;

    return new Promise((resolve) => {
      const tick = (): void => {
        const due = Math.floor(((nowMs() - startedMs) * perSecond) / 1000);

        for (; sent < Math.min(count, due + 1); sent++) {
          session.send(this.timedFrame(session.subscription ?? '', sent));
        }
        if (sent < count) setTimeout(tick, 1);
        else resolve();
      };

      tick();
    });
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise((resolve) => this.http.close(resolve));
  }

  private accept(
    socket: WebSocket,
    request: IncomingMessage,
    wire: Duplex,
  ): void {
    const [, mode, label] = new URL(request.url ?? '/', 'ws://x').pathname
      .split('/')
      .map(decodeURIComponent);
    const session = new BlastSession(
      label ?? '',
      mode === 'raw' ? SessionMode.Raw : SessionMode.Stomp,
      socket,
      wire,
    );

    this.sessions.set(session.label, session);
    // A client that goes away is simply forgotten; the bench measures
    // at the client and notices there if events stop.
    socket.on('error', () => this.forget(session));
    socket.on('close', () => this.forget(session));
    this.arrivals.get(session.label)?.forEach((arrived) => arrived());
    this.arrivals.delete(session.label);
  }

  private forget(session: BlastSession): void {
    if (this.sessions.get(session.label) === session) {
      this.sessions.delete(session.label);
    }
  }

  private subscribedSession(label: string): BlastSession {
    const session = this.sessions.get(label);

    if (session?.subscription === undefined) {
      throw new Error(`no subscribed client labelled ${label}`);
    }
    return session;
  }

  private frame(subscription: string, body: string, index: number): Buffer {
    return encodeFrame({
      command: 'MESSAGE',
      headers: {
        destination: this.destination,
        subscription,
        'message-id': `bench-${index}`,
        'content-type': 'application/json',
      },
      body,
    });
  }

  /** A frame whose body ends with the time it is being sent. */
  private timedFrame(subscription: string, index: number): Buffer {
    const body = this.bodies[index % this.bodies.length];
    const timed = `${body.slice(0, -1)},"${SENT_AT_FIELD}":${monotonicUs()}}`;

    return this.frame(subscription, timed, index);
  }
}
