import type { RhombusError } from '../rhombus/errors';

/** The one state of a pooled connection; every node status comes from it. */
export enum ConnectionState {
  /** No flow node uses the connection, so no socket is open. */
  Idle = 'idle',
  /** Looking up the organisation, or opening the STOMP session. */
  Connecting = 'connecting',
  /** Subscribed; events flow. */
  Connected = 'connected',
  /** Waiting before the next attempt after a failure. */
  Reconnecting = 'reconnecting',
  /** The API key was refused; waiting long before trying again. */
  Rejected = 'rejected',
  /** The settings cannot work (e.g. a bad URL); no attempt is made. */
  Failed = 'failed',
  /** The config node has closed; the connection is finished. */
  Closed = 'closed',
}

/** A snapshot of the connection for the status of the nodes using it. */
export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** When the next attempt is due (ms since the epoch), while waiting. */
  readonly retryAt?: number;
  /** Why the last attempt or session failed, while waiting or failed. */
  readonly error?: RhombusError;
}
