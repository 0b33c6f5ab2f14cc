import { HeartBeatPlan } from './heart-beat';

/** Where a session stands in the STOMP exchange. */
export enum SessionState {
  /** The WebSocket is open; no CONNECTED has been sent yet. */
  AwaitingConnect = 'awaiting-connect',
  /** CONNECTED was sent; the session may subscribe. */
  Connected = 'connected',
  /** The server is closing the socket (after ERROR, DISCONNECT, stop). */
  Closing = 'closing',
  Closed = 'closed',
}

/** One subscription of a session. */
export interface SubscriptionInfo {
  readonly id: string;
  readonly destination: string;
}

/** A snapshot of one session, for tests and the demo. */
export interface SessionInfo {
  /** The simulator's id of the session, also sent in CONNECTED `session`. */
  readonly id: string;
  readonly state: SessionState;
  /** The client's port on loopback, to tell sockets apart. */
  readonly remotePort: number | undefined;
  readonly openedAtMs: number;
  readonly subscriptions: readonly SubscriptionInfo[];
  /** The negotiated heart-beats; undefined before CONNECTED. */
  readonly heartBeat: HeartBeatPlan | undefined;
  readonly heartBeatsReceived: number;
  readonly framesReceived: number;
  readonly messagesSent: number;
  /** True after {@link RhombusSimulator.goSilent} hit this session. */
  readonly silent: boolean;
  /** The last socket error, e.g. a message over `maxPayload`. */
  readonly lastError: string | undefined;
}
