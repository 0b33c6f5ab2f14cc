import { RhombusError, RhombusErrorCode } from './errors';

/** The Rhombus regions with published hosts. */
export type RegionId = 'us' | 'eu';

/** Where one Rhombus account is reached: its REST base and its WebSocket. */
export interface Endpoints {
  /** REST base without a trailing slash, e.g. `https://…/api`. */
  readonly restUrl: string;
  /** WebSocket URL of the change stream, e.g. `wss://…:8443/websocket`. */
  readonly wsUrl: string;
}

/** Published hosts per region (see RHOMBUS.md, "Hosts and authentication"). */
export const REGIONS: Readonly<Record<RegionId, Endpoints>> = {
  us: {
    restUrl: 'https://api2.rhombussystems.com/api',
    wsUrl: 'wss://ws.rhombussystems.com:8443/websocket',
  },
  eu: {
    restUrl: 'https://api2.eu.rhombussystems.com/api',
    wsUrl: 'wss://ws.eu.rhombussystems.com:8443/websocket',
  },
};

export function isRegionId(value: unknown): value is RegionId {
  return value === 'us' || value === 'eu';
}

/**
 * True for hosts that never leave the machine: `localhost`, 127.0.0.0/8 and
 * `::1`. Takes a hostname as `URL#hostname` gives it (IPv6 in brackets).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') {
    return true;
  }

  // WHATWG URL parsing has already turned short and hex forms such as 127.1
  // into dotted quads, so matching the dotted form alone covers them all.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Checks a custom REST base URL and returns it without a trailing slash.
 * Allowed: `https:`, and `http:` to a loopback host only, because the API
 * key travels in a header on every call.
 *
 * @param option - the setting's name, used in the error message
 * @throws RhombusError(BadConfig) naming `option`
 */
export function validateRestUrl(value: string, option = 'restUrl'): string {
  const url = parseUrl(value, option);
  checkScheme(url, option, 'https:', 'http:');
  checkNoExtras(url, option);

  if (url.search !== '') {
    throw badConfig(option, 'must not have a query string');
  }

  return url.href.replace(/\/+$/, '');
}

/**
 * Checks a custom WebSocket URL and returns it normalised. Allowed: `wss:`,
 * and `ws:` to a loopback host only.
 *
 * @throws RhombusError(BadConfig) naming `option`
 */
export function validateWsUrl(value: string, option = 'wsUrl'): string {
  const url = parseUrl(value, option);
  checkScheme(url, option, 'wss:', 'ws:');
  checkNoExtras(url, option);
  return url.href;
}

/** Both custom URLs checked, as an endpoint pair. */
export function customEndpoints(restUrl: string, wsUrl: string): Endpoints {
  return {
    restUrl: validateRestUrl(restUrl),
    wsUrl: validateWsUrl(wsUrl),
  };
}

/**
 * The endpoint pair of a region, or of custom URLs when `region` is
 * `'custom'`.
 *
 * @throws RhombusError(BadConfig) for an unknown region or a bad custom URL
 */
export function resolveEndpoints(
  region: string,
  custom: { restUrl?: string; wsUrl?: string } = {},
): Endpoints {
  if (isRegionId(region)) {
    return REGIONS[region];
  }

  if (region === 'custom') {
    return customEndpoints(custom.restUrl ?? '', custom.wsUrl ?? '');
  }

  throw badConfig('region', `"${region}" is not a known region`);
}

/**
 * The value of the STOMP `host` header for a WebSocket URL: its hostname
 * without port (IPv6 stays in brackets, as in the URL).
 */
export function wsHost(wsUrl: string): string {
  return new URL(wsUrl).hostname;
}

/** Longest org uuid accepted; Rhombus ids are 22 characters today. */
const MAX_ORG_UUID_LENGTH = 64;

/**
 * Checks an organisation uuid before it goes into a STOMP destination or an
 * HTTP header. Only letters, digits, `-` and `_` can appear in a Rhombus id;
 * anything else (`:`, a newline, a space) could forge a header line. The
 * value is not trimmed: callers use it as given, so it must pass as given.
 *
 * @returns the uuid, unchanged
 * @throws RhombusError(BadConfig) naming `option`
 */
export function validateOrgUuid(
  value: string,
  option = 'partnerOrgUuid',
): string {
  if (value === '' || value.length > MAX_ORG_UUID_LENGTH) {
    throw badConfig(option, 'must be an organisation uuid');
  }

  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    throw badConfig(option, 'may hold only letters, digits, "-" and "_"');
  }

  return value;
}

function parseUrl(value: string, option: string): URL {
  try {
    return new URL(value.trim());
  } catch (error) {
    throw badConfig(option, 'is not a valid URL', error);
  }
}

function checkScheme(
  url: URL,
  option: string,
  secure: string,
  plain: string,
): void {
  if (url.protocol === secure) {
    return;
  }

  if (url.protocol === plain && isLoopbackHost(url.hostname)) {
    return;
  }

  throw badConfig(
    option,
    `must use ${secure}// (${plain}// only for 127.0.0.1, localhost or ::1)`,
  );
}

function checkNoExtras(url: URL, option: string): void {
  if (url.username !== '' || url.password !== '') {
    throw badConfig(option, 'must not carry a user name or password');
  }

  if (url.hash !== '') {
    throw badConfig(option, 'must not have a #fragment');
  }
}

function badConfig(
  option: string,
  problem: string,
  cause?: unknown,
): RhombusError {
  return new RhombusError(RhombusErrorCode.BadConfig, `${option} ${problem}`, {
    cause,
  });
}
