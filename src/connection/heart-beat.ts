/** Heart-beat intervals in ms, as in the STOMP `heart-beat` header. */
export interface HeartBeatHeader {
  /** The smallest interval at which the sender can send heart-beats. */
  readonly canSendMs: number;
  /** The interval at which the sender would like to receive them. */
  readonly wantsMs: number;
}

/** The intervals both sides agreed on; 0 means none in that direction. */
export interface NegotiatedHeartBeat {
  readonly outgoingMs: number;
  readonly incomingMs: number;
}

export function formatHeartBeat(header: HeartBeatHeader): string {
  return `${header.canSendMs},${header.wantsMs}`;
}

/**
 * Reads a `heart-beat` header. A missing or unreadable header means the
 * peer offers and wants none (STOMP 1.2 treats absence as `0,0`).
 */
export function parseHeartBeat(value: string | undefined): HeartBeatHeader {
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(value ?? '');
  if (!match) {
    return { canSendMs: 0, wantsMs: 0 };
  }

  return { canSendMs: Number(match[1]), wantsMs: Number(match[2]) };
}

/**
 * STOMP 1.2: in each direction, heart-beats flow only when the sender can
 * send and the receiver wants them, at the larger of the two intervals.
 */
export function negotiateHeartBeat(
  client: HeartBeatHeader,
  server: HeartBeatHeader,
): NegotiatedHeartBeat {
  return {
    outgoingMs: agreedInterval(client.canSendMs, server.wantsMs),
    incomingMs: agreedInterval(server.canSendMs, client.wantsMs),
  };
}

function agreedInterval(senderMs: number, receiverMs: number): number {
  if (senderMs === 0 || receiverMs === 0) {
    return 0;
  }

  return Math.max(senderMs, receiverMs);
}
