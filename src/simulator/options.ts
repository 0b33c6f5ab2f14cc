import { AlertShapeSetting } from './event-factory';

/** Settings of a {@link RhombusSimulator}; every one is optional. */
export interface RhombusSimulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Keys that authenticate. Default `['simulator-api-key']`. */
  apiKeys?: readonly string[];
  /** Keys that are known but lack permission: they get HTTP 403. */
  noPermissionKeys?: readonly string[];
  /** Seed of the organisation and of the event sequence. Default 1. */
  seed?: number;
  /** Name of the demo organisation. Default `Simulated Security Co.`. */
  orgName?: string;
  /** Generated events (messages) per second; 0 = only on demand. */
  eventsPerSecond?: number;
  /** Wire shape of alerts: `flat`, `nested` or `mixed` (alternating). */
  alertShape?: AlertShapeSetting;
  /**
   * The server's `heart-beat` header, `[cx, cy]` in ms: how often it can
   * send heart-beats and how often it wants them. Default `[10000, 10000]`.
   */
  heartBeat?: readonly [number, number];
  /**
   * A session whose client sends nothing for this many negotiated
   * heart-beat intervals is closed. `false` never closes. Default 2.
   */
  silenceTolerance?: number | false;
  /** Default page size of `getLocationsV2`. Default 2. */
  locationsPageSize?: number;
  /** How many alerts the REST history keeps. Default 1000. */
  alertHistoryLimit?: number;
  /** Largest WebSocket message accepted from a client, in bytes. */
  maxPayload?: number;
  /** Body of 401/403 replies: plain text or JSON. Default `plain`. */
  authErrorBody?: 'plain' | 'json';
  /** Clock for event timestamps, in ms since the epoch. */
  clock?: () => number;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly apiKeys: readonly string[];
  readonly noPermissionKeys: readonly string[];
  readonly seed: number;
  readonly orgName: string;
  readonly eventsPerSecond: number;
  readonly alertShape: AlertShapeSetting;
  readonly heartBeat: readonly [number, number];
  readonly silenceTolerance: number | false;
  readonly locationsPageSize: number;
  readonly alertHistoryLimit: number;
  readonly maxPayload: number;
  readonly authErrorBody: 'plain' | 'json';
  readonly clock: () => number;
}

/** The key that works when no `apiKeys` are given. */
export const DEFAULT_API_KEY = 'simulator-api-key';

/** ws' own default: 100 MiB. */
const DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;

/**
 * Applies defaults and checks every option, naming the option at fault.
 * @throws RangeError or TypeError when an option is invalid.
 */
export function resolveOptions(
  options: RhombusSimulatorOptions = {},
): ResolvedOptions {
  const resolved: ResolvedOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    apiKeys: options.apiKeys ?? [DEFAULT_API_KEY],
    noPermissionKeys: options.noPermissionKeys ?? [],
    seed: options.seed ?? 1,
    orgName: options.orgName ?? 'Simulated Security Co.',
    eventsPerSecond: options.eventsPerSecond ?? 0,
    alertShape: options.alertShape ?? 'mixed',
    heartBeat: options.heartBeat ?? [10000, 10000],
    silenceTolerance: options.silenceTolerance ?? 2,
    locationsPageSize: options.locationsPageSize ?? 2,
    alertHistoryLimit: options.alertHistoryLimit ?? 1000,
    maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
    authErrorBody: options.authErrorBody ?? 'plain',
    clock: options.clock ?? Date.now,
  };
  validate(resolved);

  return resolved;
}

function validate(options: ResolvedOptions): void {
  requireInteger('port', options.port, 0, 65535);
  requireRate(options.eventsPerSecond);
  requireInteger('seed', options.seed, -(2 ** 31), 2 ** 32 - 1);
  requireInteger('heartBeat[0]', options.heartBeat[0], 0);
  requireInteger('heartBeat[1]', options.heartBeat[1], 0);
  requireInteger('locationsPageSize', options.locationsPageSize, 1);
  requireInteger('alertHistoryLimit', options.alertHistoryLimit, 1);
  requireInteger('maxPayload', options.maxPayload, 1);

  if (options.silenceTolerance !== false && !(options.silenceTolerance >= 1)) {
    throw new RangeError('silenceTolerance must be false or a number >= 1');
  }

  if (options.apiKeys.length === 0) {
    throw new RangeError('apiKeys must hold at least one key');
  }

  if (!['flat', 'nested', 'mixed'].includes(options.alertShape)) {
    throw new RangeError("alertShape must be 'flat', 'nested' or 'mixed'");
  }
}

/** @throws RangeError unless `rate` is a finite number >= 0. */
export function requireRate(rate: number): void {
  if (!Number.isFinite(rate) || rate < 0) {
    throw new RangeError('eventsPerSecond must be a finite number >= 0');
  }
}

function requireInteger(
  name: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}`);
  }
}
