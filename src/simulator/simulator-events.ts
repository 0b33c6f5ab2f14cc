import type { StompFrame } from '../stomp/frame';
import { SessionInfo, SubscriptionInfo } from './session-info';

/**
 * Events a {@link RhombusSimulator} emits, so tests can wait for a
 * condition (`await once(sim, 'session-subscribed')`) instead of polling.
 */
export interface SimulatorEventMap {
  /** A WebSocket was accepted and its session created. */
  'session-opened': [session: SessionInfo];
  /** A session subscribed to the change topic. */
  'session-subscribed': [session: SessionInfo, subscription: SubscriptionInfo];
  /** A WebSocket upgrade was refused with an HTTP `status`. */
  'handshake-rejected': [status: number];
  /** An upgrade request is being left unanswered (the stall fault). */
  'upgrade-stalled': [];
  /** A session's socket closed, for whatever reason. */
  'session-closed': [session: SessionInfo];
  /** A STOMP frame arrived from a client. */
  frame: [session: SessionInfo, frame: StompFrame];
  /** A heart-beat (bare EOL) arrived from a client. */
  'heart-beat': [session: SessionInfo];
  /** An event body was published; `messages` MESSAGE frames went out. */
  published: [event: object, messages: number];
}
