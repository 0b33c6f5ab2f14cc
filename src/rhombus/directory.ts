import type { DeviceInfo } from './device-kinds';
import type { RhombusEvent } from './event-types';
import { asString, isRecord } from './json-guards';
import type { LocationInfo } from './rest-client';

/** Where the directory loads its lists from; RhombusRestClient is one. */
export interface DirectorySource {
  getDevices(): Promise<readonly DeviceInfo[]>;
  getLocations(): Promise<readonly LocationInfo[]>;
}

export interface DirectoryOptions {
  /**
   * Least time between the starts of two scheduled refreshes; default
   * 30 000 ms. A refresh costs about ten REST calls from the organisation's
   * shared rate limit.
   */
  readonly minRefreshIntervalMs?: number;
  /**
   * Quiet time after a change before a scheduled refresh starts, so that a
   * burst of changes costs one refresh; default 1 000 ms.
   */
  readonly debounceMs?: number;
  /** Told when a scheduled refresh fails; the old lists stay in use. */
  readonly onRefreshError?: (error: Error) => void;
}

const DEFAULT_MIN_REFRESH_INTERVAL_MS = 30_000;
const DEFAULT_DEBOUNCE_MS = 1_000;

/**
 * Entities whose creation, deletion or renaming can change a device or
 * location name. Their `*_STATE` and shadow siblings change often and
 * never rename anything, so they are left out.
 */
const DIRECTORY_ENTITIES: ReadonlySet<string> = new Set([
  'CAMERA',
  'DEVICE',
  'LOCATION',
  'DOOR_SENSOR',
  'CLIMATE_SENSOR',
  'PROXIMITY_SENSOR',
  'ACCESS_CONTROLLED_DOOR',
  'NVR',
  'KEYPAD',
]);

/**
 * The device and location names of one account, so that events can carry
 * names as well as uuids, and the editor can offer pickers.
 *
 * Lists are replaced whole on each successful refresh; a failed refresh
 * keeps the previous ones. Refreshes triggered by change events are
 * debounced and spaced out (see DirectoryOptions); `close()` cancels any
 * that is pending.
 */
export class Directory {
  private deviceList: readonly DeviceInfo[] = [];
  private locationList: readonly LocationInfo[] = [];
  private deviceByUuid = new Map<string, DeviceInfo>();
  private locationByUuid = new Map<string, LocationInfo>();
  private readonly minRefreshIntervalMs: number;
  private readonly debounceMs: number;
  private inFlight: Promise<void> | undefined;
  private lastRefreshStartMs = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private hasLoaded = false;

  constructor(private readonly options: DirectoryOptions = {}) {
    this.minRefreshIntervalMs =
      options.minRefreshIntervalMs ?? DEFAULT_MIN_REFRESH_INTERVAL_MS;
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  /** True once a refresh has succeeded. */
  get loaded(): boolean {
    return this.hasLoaded;
  }

  /**
   * Loads both lists now. A call while a refresh is running shares it
   * rather than starting another.
   *
   * @throws whatever the source throws; the previous lists stay in use
   */
  refresh(source: DirectorySource): Promise<void> {
    if (this.inFlight === undefined) {
      this.lastRefreshStartMs = Date.now();
      this.inFlight = this.load(source).finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /**
   * Asks for a refresh soon: after `debounceMs` of quiet, and no sooner
   * than `minRefreshIntervalMs` after the last one started. Calls while one
   * is pending are folded into it. Failures go to `onRefreshError`.
   */
  scheduleRefresh(source: DirectorySource): void {
    if (this.closed || this.timer !== undefined) {
      return;
    }

    const nowMs = Date.now();
    const dueMs = Math.max(
      nowMs + this.debounceMs,
      this.lastRefreshStartMs + this.minRefreshIntervalMs,
    );
    this.timer = setTimeout(() => this.runScheduled(source), dueMs - nowMs);
  }

  /** Cancels a pending refresh; later ones may still be scheduled. */
  cancelScheduled(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Cancels a pending refresh; the directory schedules none after this. */
  close(): void {
    this.closed = true;
    this.cancelScheduled();
  }

  deviceName(uuid: string): string | undefined {
    return this.deviceByUuid.get(uuid)?.name || undefined;
  }

  locationName(uuid: string): string | undefined {
    return this.locationByUuid.get(uuid)?.name || undefined;
  }

  locationOfDevice(uuid: string): string | undefined {
    return this.deviceByUuid.get(uuid)?.locationUuid;
  }

  devices(): readonly DeviceInfo[] {
    return this.deviceList;
  }

  locations(): readonly LocationInfo[] {
    return this.locationList;
  }

  /**
   * Fills `deviceName`, and `locationUuid` when the event lacks it, from
   * the device; then `locationName`. Changes the event in place.
   */
  enrich(event: RhombusEvent): void {
    const device =
      event.deviceUuid === undefined
        ? undefined
        : this.deviceByUuid.get(event.deviceUuid);
    if (device !== undefined) {
      event.deviceName = device.name || undefined;
      event.locationUuid ??= device.locationUuid;
    }

    if (event.locationUuid !== undefined) {
      event.locationName = this.locationName(event.locationUuid);
    }
  }

  /**
   * True when `event` may have changed a device or location name, so that
   * the caller should scheduleRefresh. Creations and deletions always count;
   * an update counts unless it shows the name (and location) we already
   * know, since an update that does not say what changed could be a rename.
   */
  noteEvent(event: RhombusEvent): boolean {
    if (!DIRECTORY_ENTITIES.has(event.entity)) {
      return false;
    }

    if (event.type !== 'UPDATE') {
      return (
        event.type === 'CREATE' ||
        event.type === 'DELETE' ||
        event.type === 'REFRESH'
      );
    }
    return !this.showsKnownName(event);
  }

  private showsKnownName(event: RhombusEvent): boolean {
    const uuid = event.entityUuid ?? event.deviceUuid;
    const name = nameOf(event.raw);
    if (uuid === undefined || name === undefined) {
      return false;
    }

    if (event.entity === 'LOCATION') {
      return this.locationByUuid.get(uuid)?.name === name;
    }

    const device = this.deviceByUuid.get(uuid);
    return (
      device !== undefined &&
      device.name === name &&
      (event.locationUuid === undefined ||
        event.locationUuid === device.locationUuid)
    );
  }

  private runScheduled(source: DirectorySource): void {
    this.timer = undefined;

    // The running refresh may have read the lists before the change that
    // asked for this one, so wait for it and go again.
    if (this.inFlight !== undefined) {
      this.scheduleRefresh(source);
      return;
    }

    this.refresh(source).catch((error: unknown) => {
      if (!this.closed) {
        this.options.onRefreshError?.(toError(error));
      }
    });
  }

  private async load(source: DirectorySource): Promise<void> {
    const [devices, locations] = await Promise.all([
      source.getDevices(),
      source.getLocations(),
    ]);

    this.deviceList = devices;
    this.locationList = locations;
    this.deviceByUuid = new Map(devices.map((d) => [d.uuid, d]));
    this.locationByUuid = new Map(locations.map((l) => [l.uuid, l]));
    this.hasLoaded = true;
  }
}

/** The name a change event carries, flat or under `update`, if any. */
function nameOf(raw: Readonly<Record<string, unknown>>): string | undefined {
  const update = raw.update;
  return (
    asString(raw.name) ?? (isRecord(update) ? asString(update.name) : undefined)
  );
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
