import type { IncomingMessage } from 'node:http';

/** Outcome of checking a request's credentials. */
export type AuthResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

/** The credentials the simulator accepts. */
export interface AuthPolicy {
  readonly orgUuid: string;
  readonly apiKeys: readonly string[];
  readonly noPermissionKeys: readonly string[];
}

const SCHEMES = new Set(['api-token', 'partner-api-token']);

/**
 * Checks the Rhombus auth headers of a REST call or a WebSocket upgrade.
 * The scheme and the partner org may come from the query string (the
 * WebSocket handshake puts them there) or from headers.
 *
 * Reasons never contain the key itself.
 */
export function authenticate(
  request: IncomingMessage,
  policy: AuthPolicy,
): AuthResult {
  const query = new URL(request.url ?? '/', 'http://simulator').searchParams;
  const scheme = query.get('x-auth-scheme') ?? header(request, 'x-auth-scheme');
  const key = header(request, 'x-auth-apikey');

  if (scheme === undefined || !SCHEMES.has(scheme)) {
    return { ok: false, status: 401, reason: 'Unknown auth scheme' };
  }

  if (key !== undefined && policy.noPermissionKeys.includes(key)) {
    return { ok: false, status: 403, reason: 'Key lacks permission' };
  }

  if (key === undefined || !policy.apiKeys.includes(key)) {
    return { ok: false, status: 401, reason: 'Invalid API key' };
  }

  return scheme === 'partner-api-token'
    ? checkPartnerOrg(request, query, policy.orgUuid)
    : { ok: true };
}

/** A partner key acts for a client org, which must be this one. */
function checkPartnerOrg(
  request: IncomingMessage,
  query: URLSearchParams,
  orgUuid: string,
): AuthResult {
  const org = query.get('x-auth-org') ?? header(request, 'x-auth-org');
  if (org === orgUuid) {
    return { ok: true };
  }

  return { ok: false, status: 403, reason: 'Partner key needs x-auth-org' };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];

  return Array.isArray(value) ? value[0] : value;
}
