import { RhombusError, RhombusErrorCode } from './errors';
import { asString, truncate } from './json-guards';
import { parseRetryAfter } from './retry-after';

/** Longest piece of server text copied into an error message. */
const MAX_SERVER_TEXT = 200;

/**
 * The error for a non-2xx reply. Messages name what was asked for (`label`,
 * a REST path) and the status, never a header or the API key.
 */
export function statusError(
  status: number,
  headers: Headers,
  label: string,
): RhombusError {
  if (status === 401 || status === 403) {
    return new RhombusError(
      RhombusErrorCode.AuthRejected,
      `API key rejected (${status}) on ${label}: check the key and its ` +
        'permissions in the Rhombus config node',
      { status },
    );
  }

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
    const wait =
      retryAfterMs === undefined
        ? ''
        : `; retry in ${Math.ceil(retryAfterMs / 1000)} s`;
    return new RhombusError(
      RhombusErrorCode.RateLimited,
      `Rate limited (429) on ${label}${wait}`,
      { status, retryAfterMs },
    );
  }

  return new RhombusError(
    RhombusErrorCode.HttpStatus,
    `HTTP ${status} from ${label}`,
    { status },
  );
}

/**
 * The error for an HTTP 200 reply whose body says `{error: true}`, with the
 * server's `errorMsg`, shortened.
 */
export function apiError(errorMsg: unknown, label: string): RhombusError {
  const reason = asString(errorMsg) ?? 'no reason given';
  return new RhombusError(
    RhombusErrorCode.ApiError,
    `Rhombus refused ${label}: ${truncate(reason, MAX_SERVER_TEXT)}`,
  );
}

/** The error for a reply that is not what the API documents. */
export function badResponse(
  label: string,
  problem: string,
  cause?: unknown,
): RhombusError {
  return new RhombusError(
    RhombusErrorCode.BadResponse,
    `Unexpected reply to ${label}: ${problem}`,
    { cause },
  );
}

/**
 * The error for a request that got no reply: Timeout when `signal` fired,
 * Network otherwise (refused, reset, DNS, TLS).
 */
export function transportError(
  error: unknown,
  label: string,
  signal: AbortSignal,
  timeoutMs: number,
): RhombusError {
  if (signal.aborted) {
    return new RhombusError(
      RhombusErrorCode.Timeout,
      `No reply to ${label} within ${timeoutMs} ms`,
      { cause: error },
    );
  }

  return new RhombusError(
    RhombusErrorCode.Network,
    `Cannot reach Rhombus for ${label}: ${networkReason(error)}`,
    { cause: error },
  );
}

/**
 * fetch reports every network failure as `TypeError: fetch failed`; the
 * useful part (`ECONNREFUSED`, `ENOTFOUND`, ...) is on its cause.
 */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    return 'code' in cause && typeof cause.code === 'string'
      ? cause.code
      : truncate(cause.message, MAX_SERVER_TEXT);
  }

  return error instanceof Error ? error.message : 'unknown failure';
}
