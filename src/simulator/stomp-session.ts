import type { RawData, WebSocket } from 'ws';

import { encodeFrame, FrameDecoder } from '../stomp';
import type { OutgoingFrame, StompFrame } from '../stomp/frame';
import { HeartBeatPlan, negotiateHeartBeat } from './heart-beat';
import { SessionInfo, SessionState, SubscriptionInfo } from './session-info';

/** What a session needs from the simulator around it. */
export interface SessionContext {
  /** The only destination a SUBSCRIBE may name. */
  readonly topic: string;
  /** The server's own heart-beat header values. */
  readonly heartBeat: readonly [number, number];
  /** Missed intervals before a silent client is dropped; false = never. */
  readonly silenceTolerance: number | false;
  readonly clock: () => number;
  /** Asked on each CONNECT: true leaves it unanswered (a fault). */
  stallConnected(): boolean;
  onFrame(session: StompSession, frame: StompFrame): void;
  onHeartBeat(session: StompSession): void;
  onSubscribed(session: StompSession, subscription: SubscriptionInfo): void;
  onClosed(session: StompSession): void;
}

/** Grace period for a client to answer a close before the socket drops. */
const CLOSE_GRACE_MS = 250;

const SERVER_NAME = 'RhombusSimulator/1.0';

/**
 * The server side of one STOMP 1.2 session over one WebSocket: the CONNECT
 * handshake, heart-beats in both directions, subscriptions to the change
 * topic and delivery of MESSAGE frames.
 *
 * Protocol errors are answered the way a broker does: an ERROR frame,
 * then the socket is closed.
 */
export class StompSession {
  private state = SessionState.AwaitingConnect;
  private readonly subscriptions = new Map<string, string>();
  private readonly decoder: FrameDecoder;
  private readonly openedAtMs: number;
  private plan: HeartBeatPlan | undefined;
  private sendTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSentAt: number;
  private lastHeardAt: number;
  private silent = false;
  private heartBeatsReceived = 0;
  private framesReceived = 0;
  private messagesSent = 0;
  private lastError: string | undefined;
  private readonly closed: Promise<void>;

  constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    private readonly remotePort: number | undefined,
    private readonly context: SessionContext,
  ) {
    this.openedAtMs = context.clock();
    this.lastSentAt = Date.now();
    this.lastHeardAt = Date.now();
    this.decoder = new FrameDecoder({
      onFrame: (frame) => this.handleFrame(frame),
      onHeartBeat: () => this.handleHeartBeat(),
      onError: (err) => this.fail('Malformed frame', err.message),
    });
    this.closed = new Promise((resolve) => socket.once('close', resolve));
    this.listen();
  }

  /** True once CONNECTED was sent and at least one subscription exists. */
  get isSubscribed(): boolean {
    return this.state === SessionState.Connected && this.subscriptions.size > 0;
  }

  /**
   * Sends `body` as one MESSAGE per subscription of this session.
   * @returns how many MESSAGE frames were sent.
   */
  deliver(body: string, nextMessageId: () => string): number {
    if (!this.isSubscribed || this.silent) {
      return 0;
    }

    for (const [subscription, destination] of this.subscriptions) {
      this.send({
        command: 'MESSAGE',
        headers: {
          destination,
          subscription,
          'message-id': nextMessageId(),
          'content-type': 'application/json',
        },
        body,
      });
      this.messagesSent++;
    }

    return this.subscriptions.size;
  }

  /**
   * Sends `data` as it is, as one WebSocket message (a test hook): a
   * string as a text message, a Buffer as a binary one.
   */
  sendRaw(data: string | Buffer): void {
    this.write(data, Buffer.isBuffer(data));
  }

  /**
   * Stops all traffic in both directions while the TCP connection stays
   * open, as a half-open connection looks from the client. Inbound frames
   * are ignored and this session is never dropped for client silence.
   */
  goSilent(): void {
    this.silent = true;
    this.clearTimers();
  }

  /** Sends an ERROR frame with `message`, then closes the socket. */
  errorAndClose(message: string): void {
    this.fail(message, '');
  }

  /** Drops the TCP connection at once, with no close handshake. */
  reset(): void {
    this.clearTimers();
    this.socket.terminate();
  }

  /**
   * Closes the WebSocket politely (code 1001), dropping it if the client
   * does not answer soon. Resolves once the socket is closed.
   */
  async close(): Promise<void> {
    this.clearTimers();
    if (this.socket.readyState !== this.socket.CLOSED) {
      this.beginClose(1001, 'server going away');
    }

    await this.closed;
  }

  info(): SessionInfo {
    return {
      id: this.id,
      state: this.state,
      remotePort: this.remotePort,
      openedAtMs: this.openedAtMs,
      subscriptions: [...this.subscriptions].map(([id, destination]) => ({
        id,
        destination,
      })),
      heartBeat: this.plan,
      heartBeatsReceived: this.heartBeatsReceived,
      framesReceived: this.framesReceived,
      messagesSent: this.messagesSent,
      silent: this.silent,
      lastError: this.lastError,
    };
  }

  private listen(): void {
    this.socket.on('message', (data: RawData) => this.handleData(data));
    this.socket.on('ping', (data: Buffer) => {
      // Pongs are sent by hand (autoPong is off) so a silent session can
      // stay mute at the WebSocket level too.
      if (!this.silent) {
        this.socket.pong(data);
      }
    });
    this.socket.on('error', (err: Error) => {
      // ws closes the socket itself after an error; the session keeps the
      // reason so tests can see why (e.g. a message over maxPayload).
      this.lastError = err.message;
    });
    this.socket.on('close', () => this.handleClose());
  }

  private handleData(data: RawData): void {
    if (this.silent || this.state === SessionState.Closed) {
      return;
    }

    this.lastHeardAt = Date.now();
    try {
      this.decoder.push(toBuffer(data));
    } catch (err) {
      // A bug in frame handling must cost this session only, never the
      // process; the client learns why in the ERROR frame.
      this.fail('Internal error', err instanceof Error ? err.message : '');
    }
  }

  private handleHeartBeat(): void {
    this.heartBeatsReceived++;
    this.context.onHeartBeat(this);
  }

  private handleFrame(frame: StompFrame): void {
    if (this.state !== SessionState.AwaitingConnect && !this.isOpen()) {
      return;
    }

    this.framesReceived++;
    this.context.onFrame(this, frame);
    this.dispatch(frame);
  }

  private dispatch(frame: StompFrame): void {
    const connecting = frame.command === 'CONNECT' || frame.command === 'STOMP';
    if (this.state === SessionState.AwaitingConnect && !connecting) {
      this.fail('Not connected', `Send CONNECT before ${frame.command}.`);

      return;
    }

    switch (frame.command) {
      case 'CONNECT':
      case 'STOMP':
        this.handleConnect(frame);
        break;
      case 'SUBSCRIBE':
        this.handleSubscribe(frame);
        break;
      case 'UNSUBSCRIBE':
        this.handleUnsubscribe(frame);
        break;
      case 'DISCONNECT':
        this.handleDisconnect(frame);
        break;
      default:
        this.fail('Unsupported command', `${frame.command} is not accepted.`);
    }
  }

  private handleConnect(frame: StompFrame): void {
    if (this.state !== SessionState.AwaitingConnect) {
      this.fail('Already connected', 'CONNECT was sent twice.');

      return;
    }

    const versions = (frame.headers['accept-version'] ?? '').split(',');
    if (!versions.map((v) => v.trim()).includes('1.2')) {
      this.fail('Unsupported version', 'Supported protocol versions are 1.2');

      return;
    }

    if (this.context.stallConnected()) {
      return;
    }

    this.plan = negotiateHeartBeat(
      frame.headers['heart-beat'],
      this.context.heartBeat,
    );
    this.state = SessionState.Connected;
    this.send({
      command: 'CONNECTED',
      headers: {
        version: '1.2',
        'heart-beat': this.context.heartBeat.join(','),
        server: SERVER_NAME,
        session: this.id,
      },
    });
    this.startHeartBeats();
  }

  private handleSubscribe(frame: StompFrame): void {
    const id = frame.headers['id'];
    const destination = frame.headers['destination'];
    if (id === undefined || destination === undefined) {
      this.fail('Bad SUBSCRIBE', 'SUBSCRIBE needs id and destination.');

      return;
    }

    if (destination !== this.context.topic) {
      this.fail('Unknown destination', `Cannot subscribe to ${destination}`);

      return;
    }

    if (this.subscriptions.has(id)) {
      this.fail('Duplicate subscription', `Subscription ${id} exists.`);

      return;
    }

    this.subscriptions.set(id, destination);
    this.sendReceiptIfAsked(frame);
    this.context.onSubscribed(this, { id, destination });
  }

  private handleUnsubscribe(frame: StompFrame): void {
    const id = frame.headers['id'];
    if (id === undefined) {
      this.fail('Bad UNSUBSCRIBE', 'UNSUBSCRIBE needs an id.');

      return;
    }

    this.subscriptions.delete(id);
    this.sendReceiptIfAsked(frame);
  }

  private handleDisconnect(frame: StompFrame): void {
    this.subscriptions.clear();
    this.sendReceiptIfAsked(frame);
    this.beginClose(1000, 'disconnected');
  }

  private sendReceiptIfAsked(frame: StompFrame): void {
    const receipt = frame.headers['receipt'];
    if (receipt !== undefined) {
      this.send({ command: 'RECEIPT', headers: { 'receipt-id': receipt } });
    }
  }

  private startHeartBeats(): void {
    const plan = this.plan;
    if (plan === undefined) {
      return;
    }

    if (plan.sendEveryMs > 0) {
      this.scheduleHeartBeat(plan.sendEveryMs);
    }

    const tolerance = this.context.silenceTolerance;
    if (plan.expectEveryMs > 0 && tolerance !== false) {
      this.scheduleSilenceCheck(plan.expectEveryMs * tolerance);
    }
  }

  /** Sends an EOL whenever nothing else went out for a whole period. */
  private scheduleHeartBeat(delayMs: number): void {
    const period = this.plan?.sendEveryMs ?? 0;
    this.sendTimer = setTimeout(() => {
      const idle = Date.now() - this.lastSentAt;
      if (idle >= period) {
        this.write('\n', false);
      }

      this.scheduleHeartBeat(idle >= period ? period : period - idle);
    }, delayMs);
  }

  /** Drops the session once the client has been quiet past `limitMs`. */
  private scheduleSilenceCheck(limitMs: number): void {
    const quiet = Date.now() - this.lastHeardAt;
    this.silenceTimer = setTimeout(
      () => {
        if (Date.now() - this.lastHeardAt >= limitMs) {
          this.reset();

          return;
        }

        this.scheduleSilenceCheck(limitMs);
      },
      Math.max(1, limitMs - quiet),
    );
  }

  private fail(message: string, detail: string): void {
    if (!this.isOpen()) {
      return;
    }

    this.send({
      command: 'ERROR',
      headers: { message, 'content-type': 'text/plain' },
      body: detail,
    });
    this.beginClose(1002, 'protocol error');
  }

  /** Frames go out as text messages, as the real service sends them. */
  private send(frame: OutgoingFrame): void {
    this.write(encodeFrame(frame), false);
  }

  private write(data: string | Buffer, binary: boolean): void {
    if (!this.silent && this.socket.readyState === this.socket.OPEN) {
      this.socket.send(data, { binary });
      this.lastSentAt = Date.now();
    }
  }

  private beginClose(code: number, reason: string): void {
    this.state = SessionState.Closing;
    this.clearTimers();
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  private isOpen(): boolean {
    return (
      this.state === SessionState.AwaitingConnect ||
      this.state === SessionState.Connected
    );
  }

  private handleClose(): void {
    this.state = SessionState.Closed;
    this.clearTimers();
    this.subscriptions.clear();
    this.context.onClosed(this);
  }

  private clearTimers(): void {
    clearTimeout(this.sendTimer);
    clearTimeout(this.silenceTimer);
    this.sendTimer = undefined;
    this.silenceTimer = undefined;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) {
    return data;
  }

  return Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.from(data as ArrayBuffer);
}
