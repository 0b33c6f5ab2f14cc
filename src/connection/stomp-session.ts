import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';

import { RhombusError, RhombusErrorCode } from '../rhombus/errors';
import { parseRetryAfter } from '../rhombus/retry-after';
import {
  encodeFrame,
  FrameDecoder,
  HEART_BEAT,
  type StompDecodeError,
  type StompFrame,
} from '../stomp';
import { DeadLinkWatch } from './dead-link-watch';
import { withDeadline } from './deadline';
import {
  formatHeartBeat,
  negotiateHeartBeat,
  parseHeartBeat,
  type HeartBeatHeader,
  type NegotiatedHeartBeat,
} from './heart-beat';

/** What a session asks for by default: 10 s both ways, as Rhombus does. */
export const DEFAULT_HEART_BEAT: HeartBeatHeader = {
  canSendMs: 10_000,
  wantsMs: 10_000,
};

/** Settings of one STOMP session over one WebSocket. */
export interface StompSessionOptions {
  /** `ws:` or `wss:` URL, query string included. */
  readonly url: string;
  /** Value of the STOMP `host` header. */
  readonly host: string;
  /** The one destination this session subscribes to. */
  readonly destination: string;
  /** Extra HTTP headers on the WebSocket upgrade request. */
  readonly upgradeHeaders?: Readonly<Record<string, string>>;
  /** Extra CONNECT headers, e.g. `login` and `passcode` for a broker. */
  readonly connectHeaders?: Readonly<Record<string, string>>;
  readonly heartBeat?: HeartBeatHeader;
  /** Deadline for the socket to open and CONNECTED to arrive. */
  readonly connectTimeoutMs?: number;
  /** Largest WebSocket message accepted; larger ones end the session. */
  readonly maxMessageBytes?: number;
  /**
   * When the server sends no heart-beats, the link is probed with
   * WebSocket pings this often, so a half-open socket is still noticed.
   */
  readonly pingIntervalMs?: number;
  /** How long close() waits for the server to acknowledge DISCONNECT. */
  readonly closeTimeoutMs?: number;
}

/** What the owner of a session hears from it. */
export interface StompSessionHandlers {
  /** A MESSAGE frame of the subscription. Must not throw. */
  onMessage(frame: StompFrame): void;
  /** A frame that could not be decoded; the session carries on. */
  onMalformedFrame(error: StompDecodeError): void;
  /**
   * The session ended after open() had resolved, for the reason given;
   * called once, and not when the owner itself called close().
   */
  onEnd(reason: RhombusError): void;
  /** Frame-level detail for debug logging. */
  onTrace?(text: string): void;
}

enum SessionState {
  Opening,
  Open,
  Closing,
  Ended,
}

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
const DEFAULT_PING_INTERVAL_MS = 30_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 1_000;
const SUBSCRIPTION_ID = 'rhombus-0';
const DISCONNECT_RECEIPT = 'disconnect-0';

/**
 * One WebSocket carrying one STOMP 1.2 session with one subscription:
 * CONNECT, CONNECTED, SUBSCRIBE, then MESSAGE frames until either side
 * ends it. It never reconnects; its owner decides what happens next.
 */
export class StompSession {
  private state = SessionState.Opening;
  private socket: WebSocket | undefined;
  private readonly decoder: FrameDecoder;
  private readonly watch: DeadLinkWatch;
  private heartBeatTimer: ReturnType<typeof setInterval> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private settleOpen: ((error?: RhombusError) => void) | undefined;
  private receiptArrived: (() => void) | undefined;
  private negotiated: NegotiatedHeartBeat = { outgoingMs: 0, incomingMs: 0 };

  constructor(
    private readonly options: StompSessionOptions,
    private readonly handlers: StompSessionHandlers,
  ) {
    this.decoder = new FrameDecoder({
      onFrame: (frame) => this.handleFrame(frame),
      onHeartBeat: () => undefined,
      onError: (error) => this.handlers.onMalformedFrame(error),
      maxFrameBytes: this.maxMessageBytes(),
    });
    this.watch = new DeadLinkWatch(() => this.handleDeadLink());
  }

  /** The heart-beat intervals agreed with the server, once open. */
  get heartBeat(): NegotiatedHeartBeat {
    return this.negotiated;
  }

  /**
   * Opens the socket, completes the STOMP handshake and subscribes.
   * Rejects with a RhombusError: AuthRejected for a 401 or 403 upgrade,
   * RateLimited for 429, Timeout, Network, or Protocol for an ERROR frame.
   */
  open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.settleOpen = (error) => {
        this.settleOpen = undefined;
        clearTimeout(this.connectTimer);
        if (error) reject(error);
        else resolve();
      };

      this.connectTimer = setTimeout(
        () => this.fail(timeoutError()),
        this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      );
      this.socket = this.createSocket();
    });
  }

  /**
   * Ends the session politely: DISCONNECT with a receipt, then a closing
   * handshake, each bounded by `closeTimeoutMs`; a socket that does not
   * answer in time is terminated. Safe to call in any state.
   */
  async close(): Promise<void> {
    if (this.state === SessionState.Ended) {
      return;
    }

    if (this.state === SessionState.Opening) {
      this.fail(closedByOwnerError());
      return;
    }

    this.state = SessionState.Closing;
    this.stopTimers();
    // One budget for both steps: a dead server answers neither.
    const deadline = Date.now() + this.closeTimeoutMs();
    await this.sendDisconnect(deadline);
    await this.closeSocket(deadline);
    this.state = SessionState.Ended;
  }

  private maxMessageBytes(): number {
    return this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  private createSocket(): WebSocket {
    const socket = new WebSocket(this.options.url, {
      headers: { ...this.options.upgradeHeaders },
      maxPayload: this.maxMessageBytes(),
      perMessageDeflate: false,
    });

    socket.on('open', () => this.sendConnect());
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('pong', () => this.watch.noteActivity());
    socket.on('unexpected-response', (_request, response) =>
      this.fail(upgradeError(response)),
    );
    socket.on('error', (error) => this.fail(socketError(error)));
    socket.on('close', (code) => this.fail(closedError(code)));

    return socket;
  }

  private sendConnect(): void {
    const heartBeat = this.options.heartBeat ?? DEFAULT_HEART_BEAT;

    this.send(
      encodeFrame({
        command: 'CONNECT',
        headers: {
          ...this.options.connectHeaders,
          'accept-version': '1.2',
          host: this.options.host,
          'heart-beat': formatHeartBeat(heartBeat),
        },
      }),
    );
    this.trace('>>> CONNECT');
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    this.watch.noteActivity();

    try {
      this.decoder.push(toBufferOrString(data, isBinary));
    } catch (error) {
      // The decoder reports bad frames through onError; anything thrown
      // here came from a handler. It must not escape into ws, which would
      // take the whole Node-RED process down.
      this.trace(`frame handler failed: ${String(error)}`);
    }
  }

  private handleFrame(frame: StompFrame): void {
    switch (frame.command) {
      case 'MESSAGE':
        this.handlers.onMessage(frame);
        return;
      case 'CONNECTED':
        this.handleConnected(frame);
        return;
      case 'RECEIPT':
        this.handleReceipt(frame);
        return;
      case 'ERROR':
        this.fail(errorFrameError(frame));
        return;
      default:
        this.trace(`<<< ${frame.command} (ignored)`);
    }
  }

  private handleConnected(frame: StompFrame): void {
    if (this.state !== SessionState.Opening) {
      return;
    }

    this.trace(`<<< CONNECTED heart-beat:${frame.headers['heart-beat']}`);
    this.negotiated = negotiateHeartBeat(
      this.options.heartBeat ?? DEFAULT_HEART_BEAT,
      parseHeartBeat(frame.headers['heart-beat']),
    );
    this.subscribe();
    this.startHeartBeats();
    this.state = SessionState.Open;
    this.settleOpen?.();
  }

  private subscribe(): void {
    this.send(
      encodeFrame({
        command: 'SUBSCRIBE',
        headers: {
          id: SUBSCRIPTION_ID,
          destination: this.options.destination,
          ack: 'auto',
        },
      }),
    );
    this.trace(`>>> SUBSCRIBE ${this.options.destination}`);
  }

  private startHeartBeats(): void {
    const { outgoingMs, incomingMs } = this.negotiated;

    if (outgoingMs > 0) {
      this.heartBeatTimer = setInterval(
        () => this.send(HEART_BEAT),
        outgoingMs,
      );
    }

    if (incomingMs > 0) {
      this.watch.start(incomingMs);
    } else {
      this.startPings();
    }
  }

  private startPings(): void {
    const pingMs = this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;

    this.watch.start(pingMs, () => this.socket?.ping());
  }

  private handleReceipt(frame: StompFrame): void {
    if (frame.headers['receipt-id'] === DISCONNECT_RECEIPT) {
      this.receiptArrived?.();
    }
  }

  private handleDeadLink(): void {
    this.trace('no data from the server within twice the heart-beat');
    this.fail(
      new RhombusError(
        RhombusErrorCode.HeartBeatLost,
        'the server stopped sending heart-beats',
      ),
    );
  }

  /**
   * Ends the session on a failure: rejects open() while opening, reports
   * onEnd once when open, and always terminates the socket at once, since
   * a closing handshake with a failed peer could hang.
   */
  private fail(reason: RhombusError): void {
    if (this.state === SessionState.Ended) {
      return;
    }

    const wasOpen = this.state === SessionState.Open;
    const ownClose = this.state === SessionState.Closing;
    this.state = SessionState.Ended;
    this.stopTimers();
    this.terminate();

    if (this.settleOpen) {
      this.settleOpen(reason);
    } else if (wasOpen && !ownClose) {
      this.handlers.onEnd(reason);
    }
  }

  private async sendDisconnect(deadline: number): Promise<void> {
    const receipt = new Promise<void>((resolve) => {
      this.receiptArrived = resolve;
    });

    this.send(
      encodeFrame({
        command: 'DISCONNECT',
        headers: { receipt: DISCONNECT_RECEIPT },
      }),
    );
    this.trace('>>> DISCONNECT');
    await withDeadline(receipt, Math.max(0, deadline - Date.now()));
  }

  private async closeSocket(deadline: number): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) {
      return;
    }

    const closed = new Promise<void>((resolve) =>
      socket.once('close', resolve),
    );
    socket.close(1000);
    await withDeadline(closed, Math.max(0, deadline - Date.now()));
    this.terminate();
  }

  private closeTimeoutMs(): number {
    return this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  }

  private send(data: Buffer): void {
    // Text messages, as Rhombus' own clients send: STOMP over WebSocket
    // servers are not all willing to take binary ones.
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(data, { binary: false });
    }
  }

  private terminate(): void {
    const socket = this.socket;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      socket.terminate();
    }
  }

  private stopTimers(): void {
    clearTimeout(this.connectTimer);
    clearInterval(this.heartBeatTimer);
    this.heartBeatTimer = undefined;
    this.watch.stop();
  }

  private trace(text: string): void {
    this.handlers.onTrace?.(text);
  }
}

function toBufferOrString(
  data: WebSocket.RawData,
  isBinary: boolean,
): Buffer | string {
  if (Buffer.isBuffer(data)) {
    return data;
  }

  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return isBinary ? buffer : buffer.toString('utf8');
}

function upgradeError(response: IncomingMessage): RhombusError {
  const status = response.statusCode ?? 0;
  response.resume();

  if (status === 401 || status === 403) {
    return new RhombusError(
      RhombusErrorCode.AuthRejected,
      `API key rejected (${status}) by the event stream`,
      { status },
    );
  }

  if (status === 429) {
    return new RhombusError(
      RhombusErrorCode.RateLimited,
      'event stream rate limited (429)',
      {
        status,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      },
    );
  }

  return new RhombusError(
    RhombusErrorCode.HttpStatus,
    `event stream refused the connection (${status})`,
    { status },
  );
}

function socketError(error: Error): RhombusError {
  return new RhombusError(
    RhombusErrorCode.Network,
    `event stream connection failed: ${error.message}`,
    { cause: error },
  );
}

function closedError(code: number): RhombusError {
  return new RhombusError(
    RhombusErrorCode.Network,
    `event stream closed by the server (code ${code})`,
  );
}

function timeoutError(): RhombusError {
  return new RhombusError(
    RhombusErrorCode.Timeout,
    'event stream did not complete the STOMP handshake in time',
  );
}

function closedByOwnerError(): RhombusError {
  return new RhombusError(
    RhombusErrorCode.Network,
    'connection closed while it was opening',
  );
}

const MAX_ERROR_TEXT = 200;

function errorFrameError(frame: StompFrame): RhombusError {
  const message = frame.headers.message ?? '';
  const body = frame.body.toString('utf8', 0, MAX_ERROR_TEXT);
  const text = [message, body].filter((part) => part !== '').join(': ');

  return new RhombusError(
    RhombusErrorCode.Protocol,
    `event stream sent an ERROR frame: ${text.slice(0, MAX_ERROR_TEXT)}`,
  );
}
