import {
  DEVICE_LIST_SOURCES,
  devicesFromReply,
  type DeviceInfo,
  type DeviceKind,
  type DeviceListSource,
} from './device-kinds';
import { RhombusError, RhombusErrorCode, isRhombusError } from './errors';
import {
  apiError,
  badResponse,
  statusError,
  transportError,
} from './http-errors';
import {
  asRecordArray,
  asString,
  isRecord,
  type JsonObject,
} from './json-guards';
import { discardBody, readCapped } from './read-capped';
import { isLoopbackHost, validateOrgUuid, validateRestUrl } from './regions';

export type { DeviceInfo, DeviceKind } from './device-kinds';
export type { JsonObject } from './json-guards';

export interface RestClientOptions {
  /** REST base, e.g. `https://api2.rhombussystems.com/api`. */
  readonly restUrl: string;
  readonly apiKey: string;
  /** Client organisation, for a partner key. */
  readonly partnerOrgUuid?: string;
  /** Deadline of one call, reply included; default 15 000 ms. */
  readonly timeoutMs?: number;
  /** Largest JSON reply accepted; default 8 MiB. */
  readonly maxReplyBytes?: number;
  /** Largest frame image accepted; default 5 MiB. */
  readonly maxFrameBytes?: number;
}

/** One location of the account. */
export interface LocationInfo {
  readonly uuid: string;
  /** The name given in the Rhombus console; empty when it has none. */
  readonly name: string;
  /** IANA time zone, when Rhombus gave one. */
  readonly tz?: string;
}

/** The devices of an account, and the kinds that could not be listed. */
export interface DeviceListResult {
  readonly devices: DeviceInfo[];
  /** Kinds left out because the account lacks that product or permission. */
  readonly skipped: ReadonlyArray<{ kind: DeviceKind; error: RhombusError }>;
}

export interface PolicyAlertQuery {
  readonly afterTimestampMs?: number;
  readonly beforeTimestampMs?: number;
  readonly maxResults?: number;
  readonly deviceFilter?: readonly string[];
  readonly locationFilter?: readonly string[];
}

export interface FrameOptions {
  /** Shrink the image by this ratio (1 = full size). */
  readonly downscaleFactor?: number;
  /** JPEG quality, 0–100. */
  readonly jpgQuality?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_REPLY_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_FRAME_BYTES = 5 * 1024 * 1024;

/** Locations asked for per page, and the most pages followed. */
const LOCATION_PAGE_SIZE = 100;
const MAX_LOCATION_PAGES = 50;

/** Hosts besides the REST host that may receive the key with a frame GET. */
const RHOMBUS_DOMAIN = 'rhombussystems.com';

/** What the label of a frame request says in errors; the URI holds tokens. */
const FRAME_LABEL = 'frame image';

/** One HTTP request and how its reply is read. */
interface Exchange<T> {
  /** What errors name: a REST path, or FRAME_LABEL. */
  readonly label: string;
  readonly url: string;
  readonly init: RequestInit;
  readonly read: (response: Response) => Promise<T>;
  /** A deadline shared with other requests; a fresh one when absent. */
  readonly signal?: AbortSignal;
  readonly acceptRedirect?: boolean;
}

/**
 * A client of the Rhombus REST API for one account, on Node's own `fetch`.
 *
 * Every call is a JSON POST with the API key in headers, bounded by a
 * deadline and a reply size cap. Failures are RhombusErrors with stable
 * codes; their messages name the REST path, never the key.
 */
export class RhombusRestClient {
  readonly restUrl: string;
  readonly timeoutMs: number;
  private readonly maxReplyBytes: number;
  private readonly maxFrameBytes: number;
  private readonly restHost: string;

  // A private field, so util.inspect and JSON.stringify of the client do not
  // show the key.
  readonly #authHeaders: Readonly<Record<string, string>>;

  /** @throws RhombusError(BadConfig) naming the bad option */
  constructor(options: RestClientOptions) {
    this.restUrl = validateRestUrl(options.restUrl);
    this.restHost = new URL(this.restUrl).hostname;
    this.timeoutMs = positive(
      options.timeoutMs,
      DEFAULT_TIMEOUT_MS,
      'timeoutMs',
    );
    this.maxReplyBytes = positive(
      options.maxReplyBytes,
      DEFAULT_MAX_REPLY_BYTES,
      'maxReplyBytes',
    );
    this.maxFrameBytes = positive(
      options.maxFrameBytes,
      DEFAULT_MAX_FRAME_BYTES,
      'maxFrameBytes',
    );
    this.#authHeaders = authHeaders(options.apiKey, options.partnerOrgUuid);
  }

  /**
   * POSTs `body` to `path` (relative to the REST base, starting with `/`)
   * and returns the reply object, after checking HTTP status and the in-band
   * `{error: true}` flag.
   */
  async postJson(path: string, body: object = {}): Promise<JsonObject> {
    if (!path.startsWith('/')) {
      throw new RangeError(`REST path must start with "/": ${path}`);
    }

    const init: RequestInit = {
      method: 'POST',
      headers: {
        ...this.#authHeaders,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
    };
    return this.exchange({
      label: path,
      url: this.restUrl + path,
      init,
      read: (response) => this.readJson(response, path),
    });
  }

  /**
   * Like {@link postJson}, with the reply checked by `guard`.
   *
   * @throws RhombusError(BadResponse) when `guard` rejects the reply
   */
  async post<T extends JsonObject>(
    path: string,
    body: object,
    guard: (reply: JsonObject) => reply is T,
  ): Promise<T> {
    const reply = await this.postJson(path, body);
    if (!guard(reply)) {
      throw badResponse(path, 'missing or mistyped fields');
    }
    return reply;
  }

  /** The organisation the key belongs to (or the partner's client org). */
  async getOrg(): Promise<{ uuid: string; name: string }> {
    const path = '/org/getOrgV2';
    const reply = await this.postJson(path);
    const org = isRecord(reply.org) ? reply.org : {};
    const uuid = asString(org.uuid);
    if (uuid === undefined) {
      throw badResponse(path, 'no org.uuid');
    }
    return { uuid, name: asString(org.name) ?? '' };
  }

  /** Every device of every kind the account can list; see getDeviceList. */
  async getDevices(): Promise<DeviceInfo[]> {
    return (await this.getDeviceList()).devices;
  }

  /**
   * Lists the devices of every kind at once. A kind answering 403, 404 or an
   * in-band error is skipped and reported in `skipped`: accounts without a
   * product, or keys without that permission, get the other kinds still.
   * Any other failure (401 above all) fails the whole list.
   */
  async getDeviceList(): Promise<DeviceListResult> {
    const results = await Promise.allSettled(
      DEVICE_LIST_SOURCES.map((source) => this.listDevices(source)),
    );

    const devices: DeviceInfo[] = [];
    const skipped: { kind: DeviceKind; error: RhombusError }[] = [];
    const seen = new Set<string>();
    for (const [index, result] of results.entries()) {
      const kind = DEVICE_LIST_SOURCES[index].kind;
      if (result.status === 'rejected') {
        skipped.push({ kind, error: skippableOrThrow(result.reason) });
        continue;
      }

      for (const device of result.value) {
        if (!seen.has(device.uuid)) {
          seen.add(device.uuid);
          devices.push(device);
        }
      }
    }
    return { devices, skipped };
  }

  /**
   * Every location, following `lastEvaluatedKey` for at most 50 pages of
   * 100 (beyond that the list is returned as far as it got).
   */
  async getLocations(): Promise<LocationInfo[]> {
    const path = '/location/getLocationsV2';
    const locations: LocationInfo[] = [];
    let lastEvaluatedKey: string | undefined;
    for (let page = 0; page < MAX_LOCATION_PAGES; page++) {
      const reply = await this.postJson(path, {
        maxPageSize: LOCATION_PAGE_SIZE,
        lastEvaluatedKey,
      });
      for (const entry of asRecordArray(reply.locations)) {
        const location = toLocationInfo(entry);
        if (location) {
          locations.push(location);
        }
      }

      // A repeated key would page forever; an empty one means the end.
      const nextKey = asString(reply.lastEvaluatedKey);
      if (nextKey === undefined || nextKey === lastEvaluatedKey) {
        break;
      }
      lastEvaluatedKey = nextKey;
    }
    return locations;
  }

  /**
   * Recent policy alerts, as the raw objects of
   * `getPolicyAlertsV2` (see normaliseAlert).
   */
  async getPolicyAlerts(query: PolicyAlertQuery = {}): Promise<JsonObject[]> {
    const reply = await this.postJson('/event/getPolicyAlertsV2', {
      afterTimestampMs: query.afterTimestampMs,
      beforeTimestampMs: query.beforeTimestampMs,
      maxResults: query.maxResults,
      deviceFilter: query.deviceFilter,
      locationFilter: query.locationFilter,
    });
    return asRecordArray(reply.policyAlerts);
  }

  /** One alert with its details, as Rhombus sent it. */
  async getPolicyAlertDetails(policyAlertUuid: string): Promise<JsonObject> {
    const path = '/event/getPolicyAlertDetails';
    const reply = await this.postJson(path, { policyAlertUuid });
    if (!isRecord(reply.policyAlert)) {
      throw badResponse(path, 'no policyAlert');
    }
    return reply.policyAlert;
  }

  /** A short-lived URI of the camera's frame nearest `timestampMs`. */
  async getFrameUri(
    cameraUuid: string,
    timestampMs: number,
    options: FrameOptions = {},
  ): Promise<string> {
    const path = '/video/getExactFrameUri';
    const reply = await this.postJson(path, {
      cameraUuid,
      timestampMs: Math.round(timestampMs),
      downscaleFactor: options.downscaleFactor,
      jpgQuality: options.jpgQuality,
    });
    const frameUri = asString(reply.frameUri);
    if (frameUri === undefined) {
      throw badResponse(path, 'no frameUri');
    }
    return frameUri;
  }

  /**
   * Downloads a frame from a URI given by getFrameUri, with the key headers.
   * The key is sent only to the REST host or a Rhombus host, over HTTPS
   * (plain HTTP on loopback only); one redirect is followed, without the key.
   *
   * @returns the JPEG bytes
   */
  async fetchFrame(uri: string): Promise<Buffer> {
    const url = this.checkFrameUrl(uri, true);
    const signal = AbortSignal.timeout(this.timeoutMs);
    const headers = { ...this.#authHeaders, Accept: 'image/jpeg' };
    const response = await this.exchange({
      label: FRAME_LABEL,
      url,
      init: { method: 'GET', headers },
      read: (reply) => this.followFrameRedirect(reply, url, signal),
      signal,
      acceptRedirect: true,
    });
    return this.readJpeg(response, signal);
  }

  /** A GET of the redirect target, without the key, when told to move. */
  private async followFrameRedirect(
    response: Response,
    from: string,
    signal: AbortSignal,
  ): Promise<Response> {
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || location === null) {
      return response;
    }

    await discardBody(response);
    const target = this.checkFrameUrl(new URL(location, from).href, false);
    return this.exchange({
      label: FRAME_LABEL,
      url: target,
      init: { method: 'GET', headers: { Accept: 'image/jpeg' } },
      read: async (reply) => reply,
      signal,
    });
  }

  private async readJpeg(
    response: Response,
    signal: AbortSignal,
  ): Promise<Buffer> {
    if (isRedirect(response.status)) {
      await discardBody(response);
      throw badResponse(FRAME_LABEL, 'too many redirects');
    }

    const type = response.headers.get('content-type') ?? '';
    if (type !== '' && !type.startsWith('image/') && !isOctets(type)) {
      await discardBody(response);
      throw badResponse(FRAME_LABEL, `content type ${type}, not an image`);
    }

    let bytes: Buffer;
    try {
      bytes = await readCapped(response, this.maxFrameBytes, FRAME_LABEL);
    } catch (error) {
      throw isRhombusError(error)
        ? error
        : transportError(error, FRAME_LABEL, signal, this.timeoutMs);
    }

    if (bytes.length < 3 || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
      throw badResponse(FRAME_LABEL, 'not a JPEG image');
    }
    return bytes;
  }

  /**
   * Only HTTPS (or HTTP on loopback) and, when the key is to be sent, only
   * the REST host or a Rhombus host: a frame URI comes from the server, and
   * a wrong one must not carry the key elsewhere.
   */
  private checkFrameUrl(uri: string, withKey: boolean): string {
    let url: URL;
    try {
      url = new URL(uri);
    } catch (error) {
      throw badResponse(FRAME_LABEL, 'the frame URI is not a URL', error);
    }

    const loopback = isLoopbackHost(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      throw badResponse(FRAME_LABEL, `refusing ${url.protocol} frame URI`);
    }

    const host = url.hostname.toLowerCase();
    const trusted =
      host === this.restHost ||
      host === RHOMBUS_DOMAIN ||
      host.endsWith(`.${RHOMBUS_DOMAIN}`);
    if (withKey && !trusted) {
      throw badResponse(
        FRAME_LABEL,
        `frame URI host ${host} is not a Rhombus host; the key is not sent there`,
      );
    }
    return url.href;
  }

  private async listDevices(source: DeviceListSource): Promise<DeviceInfo[]> {
    const reply = await this.postJson(source.path);
    const devices = devicesFromReply(reply, source);
    if (devices === undefined) {
      throw badResponse(source.path, `${source.listKey} is not an array`);
    }
    return devices;
  }

  /**
   * Runs one request under a deadline and maps every failure, the reading of
   * the reply included, to a RhombusError. A 3xx reply is a failure unless
   * the request accepts redirects: they are never followed with the key.
   */
  private async exchange<T>(request: Exchange<T>): Promise<T> {
    const signal = request.signal ?? AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await fetch(request.url, {
        ...request.init,
        redirect: 'manual',
        signal,
      });
      const redirect = isRedirect(response.status);
      if (!response.ok && !(redirect && request.acceptRedirect === true)) {
        await discardBody(response);
        throw statusError(response.status, response.headers, request.label);
      }
      return await request.read(response);
    } catch (error) {
      throw isRhombusError(error)
        ? error
        : transportError(error, request.label, signal, this.timeoutMs);
    }
  }

  private async readJson(
    response: Response,
    path: string,
  ): Promise<JsonObject> {
    const bytes = await readCapped(response, this.maxReplyBytes, path);
    let reply: unknown;
    try {
      reply = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw badResponse(path, 'not JSON', error);
    }

    if (!isRecord(reply)) {
      throw badResponse(path, 'not a JSON object');
    }

    if (reply.error === true) {
      throw apiError(reply.errorMsg, path);
    }
    return reply;
  }
}

/** The authentication headers, after checking the key and org uuid. */
function authHeaders(
  apiKey: string,
  partnerOrgUuid: string | undefined,
): Record<string, string> {
  const key = typeof apiKey === 'string' ? apiKey.trim() : '';
  if (key === '') {
    throw new RhombusError(RhombusErrorCode.BadConfig, 'apiKey is required');
  }

  // fetch would reject other characters with a message quoting the value,
  // which would put the key in a log.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new RhombusError(
      RhombusErrorCode.BadConfig,
      'apiKey holds characters an API key cannot have',
    );
  }

  if (partnerOrgUuid === undefined || partnerOrgUuid === '') {
    return { 'x-auth-scheme': 'api-token', 'x-auth-apikey': key };
  }

  return {
    'x-auth-scheme': 'partner-api-token',
    'x-auth-apikey': key,
    'x-auth-org': validateOrgUuid(partnerOrgUuid),
  };
}

function positive(
  value: number | undefined,
  fallback: number,
  option: string,
): number {
  if (value === undefined) {
    return fallback;
  }

  if (!Number.isFinite(value) || value <= 0) {
    throw new RhombusError(
      RhombusErrorCode.BadConfig,
      `${option} must be a positive number`,
    );
  }
  return value;
}

/**
 * Returns a device-list failure that only means "this account lacks the
 * kind"; rethrows any other.
 */
function skippableOrThrow(reason: unknown): RhombusError {
  if (!isRhombusError(reason)) {
    throw reason;
  }

  const skippable =
    reason.status === 403 ||
    reason.status === 404 ||
    reason.code === RhombusErrorCode.ApiError;
  if (!skippable) {
    throw reason;
  }
  return reason;
}

function toLocationInfo(entry: JsonObject): LocationInfo | null {
  const uuid = asString(entry.uuid);
  if (uuid === undefined) {
    return null;
  }

  const name = asString(entry.name) ?? '';
  const tz = asString(entry.tz);
  return tz === undefined ? { uuid, name } : { uuid, name, tz };
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function isOctets(contentType: string): boolean {
  return contentType.startsWith('application/octet-stream');
}
