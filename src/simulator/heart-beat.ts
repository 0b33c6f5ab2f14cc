/**
 * Heart-beat periods of one session, in ms; 0 means none in that
 * direction.
 */
export interface HeartBeatPlan {
  /** How often the server sends a heart-beat when otherwise idle. */
  readonly sendEveryMs: number;
  /** How often the server expects to hear from the client. */
  readonly expectEveryMs: number;
}

/**
 * Negotiates heart-beats as STOMP 1.2 specifies. The client's header
 * `cx,cy` says it can send every `cx` ms and wants to receive every `cy`
 * ms; the server's `sx,sy` says the same from its side. Each direction runs
 * at the larger of the two matching values, or not at all when either is 0.
 *
 * A missing or malformed client header counts as `0,0`, as the spec says.
 */
export function negotiateHeartBeat(
  clientHeader: string | undefined,
  server: readonly [number, number],
): HeartBeatPlan {
  const [cx, cy] = parseHeartBeat(clientHeader);
  const [sx, sy] = server;

  return {
    sendEveryMs: sx === 0 || cy === 0 ? 0 : Math.max(sx, cy),
    expectEveryMs: cx === 0 || sy === 0 ? 0 : Math.max(cx, sy),
  };
}

/** Parses `"cx,cy"`; anything malformed yields `[0, 0]`. */
export function parseHeartBeat(header: string | undefined): [number, number] {
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(header ?? '');
  if (match === null) {
    return [0, 0];
  }

  return [Number(match[1]), Number(match[2])];
}
