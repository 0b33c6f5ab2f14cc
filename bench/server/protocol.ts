/**
 * Messages between the bench and its server process, over the IPC channel
 * of `child_process.fork`.
 */

/** Asks the server to do something; answered by a Reply with the same id. */
export type Request =
  | {
      readonly kind: 'wait-subscribed';
      readonly id: number;
      readonly label: string;
    }
  | {
      readonly kind: 'blast';
      readonly id: number;
      readonly label: string;
      readonly count: number;
    }
  | {
      readonly kind: 'pace';
      readonly id: number;
      readonly label: string;
      readonly count: number;
      readonly perSecond: number;
    }
  | { readonly kind: 'wait-simulator-subscribed'; readonly id: number };

/** Answers a Request: `error` is set when it could not be done. */
export interface Reply {
  readonly kind: 'reply';
  readonly id: number;
  readonly error?: string;
}

/** Sent once, when the server listens. */
export interface Ready {
  readonly kind: 'ready';
  /** `ws://127.0.0.1:<port>`: add `/stomp/<label>` or `/raw/<label>`. */
  readonly blastOrigin: string;
  /** REST base URL of the simulator beside it, for config nodes. */
  readonly restUrl: string;
  /** STOMP URL of the simulator, with Rhombus' own heart-beats. */
  readonly simulatorWsUrl: string;
  readonly apiKey: string;
  /** The distinct event bodies the server cycles through. */
  readonly bodies: readonly string[];
  /** Mean size of a MESSAGE frame on the wire, in bytes. */
  readonly meanFrameBytes: number;
}

export type ServerMessage = Reply | Ready;

/**
 * The field a paced (latency) body gains: when the server sent it, in
 * microseconds of the monotonic clock (see monotonicUs).
 */
export const SENT_AT_FIELD = 'benchSentUs';
