import type { PolicyAlert, RhombusEvent } from './event-types';
import {
  asBoolean,
  asNumber,
  asString,
  asStringArray,
  isRecord,
  truncate,
  type JsonObject,
} from './json-guards';

/** The entity of policy alerts, whose events carry alert fields. */
export const POLICY_ALERT_ENTITY = 'POLICY_ALERT';

/** What `entity` and `type` read when an event does not say. */
const UNKNOWN = 'UNKNOWN';

/** The earliest and latest instants a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

/**
 * One change-stream event in the RhombusEvent shape, from either wire shape:
 * alert fields flat on the event (as the docs show) or nested under
 * `update` (as the official CLI reads them). Where both carry a field, the
 * event's own core fields (uuids, time of the change) win, and the nested
 * record wins for alert fields, being the fuller record of the alert.
 *
 * Missing fields become `undefined`; numbers sent as strings are read as
 * numbers; `entity` and `type` are kept as whatever string was sent. Runs
 * for every event, so it only reads fields: no copies, no regexes.
 *
 * @returns `undefined` when `raw` is not a JSON object
 */
export function normaliseEvent(raw: unknown): RhombusEvent | undefined {
  if (!isRecord(raw)) {
    return undefined;
  }

  const update = isRecord(raw.update) ? raw.update : undefined;
  const entity = asString(raw.entity) ?? UNKNOWN;
  const timestampMs =
    asNumber(raw.timestampMs) ?? asNumber(update?.timestampMs);
  const entityUuid = asString(raw.entityUuid) ?? asString(update?.uuid);

  return {
    entity,
    type: asString(raw.type) ?? UNKNOWN,
    entityUuid,
    deviceUuid: asString(raw.deviceUuid) ?? asString(update?.deviceUuid),
    deviceName: undefined,
    locationUuid: asString(raw.locationUuid) ?? asString(update?.locationUuid),
    locationName: undefined,
    timestampMs,
    time: isoTime(timestampMs),
    alert:
      entity === POLICY_ALERT_ENTITY
        ? alertFields(update ?? raw, raw, entityUuid)
        : undefined,
    raw,
  };
}

/**
 * A policy alert object from `getPolicyAlertsV2` or `getPolicyAlertDetails`
 * as the RhombusEvent of its creation (entity `POLICY_ALERT`, type
 * `CREATE`), the shape catch-up replays and detail look-ups hand on.
 *
 * @returns `undefined` when `alert` is not a JSON object
 */
export function normaliseAlert(alert: unknown): RhombusEvent | undefined {
  if (!isRecord(alert)) {
    return undefined;
  }

  const uuid = asString(alert.uuid);
  const timestampMs = asNumber(alert.timestampMs);
  return {
    entity: POLICY_ALERT_ENTITY,
    type: 'CREATE',
    entityUuid: uuid,
    deviceUuid: asString(alert.deviceUuid) ?? soleDeviceKey(alert),
    deviceName: undefined,
    locationUuid: asString(alert.locationUuid),
    locationName: undefined,
    timestampMs,
    time: isoTime(timestampMs),
    alert: alertFields(alert, alert, uuid),
    raw: alert,
  };
}

/**
 * Fills the alert fields an event lacks from `getPolicyAlertDetails`, for
 * events that arrived without them. Fields the event has are kept; `raw`
 * stays the event as sent.
 */
export function mergeAlertDetails(event: RhombusEvent, details: unknown): void {
  const fromDetails = normaliseAlert(details);
  if (fromDetails === undefined) {
    return;
  }

  event.entityUuid ??= fromDetails.entityUuid;
  event.deviceUuid ??= fromDetails.deviceUuid;
  event.locationUuid ??= fromDetails.locationUuid;
  if (event.timestampMs === undefined) {
    event.timestampMs = fromDetails.timestampMs;
    event.time = fromDetails.time;
  }

  event.alert = mergeAlert(event.alert, fromDetails.alert);
}

/**
 * True when an alert event lacks what a consumer needs (its triggers), so
 * that looking up the alert's details is worthwhile.
 */
export function lacksAlertDetails(event: RhombusEvent): boolean {
  return (
    event.entity === POLICY_ALERT_ENTITY &&
    (event.alert === undefined || event.alert.triggers.length === 0)
  );
}

/** Longest error text about a body; bodies may be large. */
const MAX_ERROR_TEXT = 120;

/**
 * The events in a MESSAGE body: one JSON object, or an array of them.
 * Never throws: a body that is not JSON, or not an object or array, yields
 * no events and an `error` saying why; non-object entries of an array are
 * skipped, and counted in `error`.
 */
export function eventsFromBody(body: string | Buffer): {
  events: RhombusEvent[];
  error?: string;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      typeof body === 'string' ? body : body.toString('utf8'),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      events: [],
      error: `body is not JSON (${truncate(reason, MAX_ERROR_TEXT)})`,
    };
  }

  if (!Array.isArray(parsed)) {
    const event = normaliseEvent(parsed);
    return event
      ? { events: [event] }
      : { events: [], error: `body is ${describe(parsed)}, not an event` };
  }

  return eventsFromArray(parsed);
}

function eventsFromArray(entries: unknown[]): {
  events: RhombusEvent[];
  error?: string;
} {
  const events: RhombusEvent[] = [];
  for (const entry of entries) {
    const event = normaliseEvent(entry);
    if (event) {
      events.push(event);
    }
  }

  const skipped = entries.length - events.length;
  return skipped === 0
    ? { events }
    : { events, error: `skipped ${skipped} array entries that are not events` };
}

/**
 * The alert fields of an event. `source` is where the alert record sits
 * (the nested `update`, or the event itself); `event` is the event, whose
 * flat fields fill what the record lacks.
 */
function alertFields(
  source: JsonObject,
  event: JsonObject,
  fallbackUuid: string | undefined,
): PolicyAlert {
  const triggers = asStringArray(
    source.policyAlertTriggers ?? event.policyAlertTriggers,
  );
  return {
    uuid: asString(source.uuid) ?? fallbackUuid,
    triggers,
    description:
      asString(source.textDescription) ?? asString(event.textDescription),
    durationSec: asNumber(source.durationSec) ?? asNumber(event.durationSec),
    finalized: asBoolean(source.finalized) ?? asBoolean(event.finalized),
    thumbnail:
      source.thumbnailLocationV2 ??
      source.thumbnailLocation ??
      event.thumbnailLocationV2 ??
      event.thumbnailLocation,
  };
}

function mergeAlert(
  own: PolicyAlert | undefined,
  details: PolicyAlert | undefined,
): PolicyAlert | undefined {
  if (own === undefined || details === undefined) {
    return own ?? details;
  }

  return {
    uuid: own.uuid ?? details.uuid,
    triggers: own.triggers.length > 0 ? own.triggers : details.triggers,
    description: own.description ?? details.description,
    durationSec: own.durationSec ?? details.durationSec,
    finalized: own.finalized ?? details.finalized,
    thumbnail: own.thumbnail ?? details.thumbnail,
  };
}

const DEVICE_KEYED_FIELDS = [
  'clipLocationMapV2',
  'clipLocationMap',
  'seekPointsMap',
] as const;

/**
 * Alert details name no `deviceUuid`, but key their per-device maps (clips,
 * seek points) by device uuid; when exactly one device is named there, it
 * is the alert's device. With several, the device is left unknown.
 */
function soleDeviceKey(alert: JsonObject): string | undefined {
  for (const field of DEVICE_KEYED_FIELDS) {
    const map = alert[field];
    if (!isRecord(map)) {
      continue;
    }

    const keys = Object.keys(map);
    if (keys.length === 1) {
      return keys[0];
    }
  }
  return undefined;
}

function isoTime(timestampMs: number | undefined): string | undefined {
  if (timestampMs === undefined || Math.abs(timestampMs) > MAX_DATE_MS) {
    return undefined;
  }
  return new Date(timestampMs).toISOString();
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
