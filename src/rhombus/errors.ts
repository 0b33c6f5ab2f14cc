/**
 * Stable codes for every failure the connection and REST layers report.
 * Node status and log text are chosen from the code, so messages stay the
 * same wherever the failure was raised.
 */
export enum RhombusErrorCode {
  /** HTTP 401 or 403 from REST or from the WebSocket upgrade. */
  AuthRejected = 'AUTH_REJECTED',
  /** HTTP 429; `retryAfterMs` says when to try again, when the server said. */
  RateLimited = 'RATE_LIMITED',
  /** Any other non-2xx HTTP status. */
  HttpStatus = 'HTTP_STATUS',
  /** HTTP 200 with `{error: true}` in the body. */
  ApiError = 'API_ERROR',
  /** A reply that is not the JSON we expected. */
  BadResponse = 'BAD_RESPONSE',
  /** DNS, refused connection, reset, TLS failure. */
  Network = 'NETWORK',
  /** No answer within the deadline. */
  Timeout = 'TIMEOUT',
  /** The STOMP server sent an ERROR frame or broke the protocol. */
  Protocol = 'PROTOCOL',
  /** The server went silent for longer than the heart-beat allows. */
  HeartBeatLost = 'HEART_BEAT_LOST',
  /** A setting of the config node is missing or invalid. */
  BadConfig = 'BAD_CONFIG',
}

export interface RhombusErrorDetails {
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * An error with a stable code. Messages never contain the API key: callers
 * build them from status codes, paths and server-supplied text only.
 */
export class RhombusError extends Error {
  readonly code: RhombusErrorCode;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: RhombusErrorCode,
    message: string,
    details: RhombusErrorDetails = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'RhombusError';
    this.code = code;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isRhombusError(value: unknown): value is RhombusError {
  return value instanceof RhombusError;
}
