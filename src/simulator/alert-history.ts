import { ChangeType, Entity } from './catalog';
import {
  isJsonObject,
  JsonObject,
  numberField,
  stringField,
  stringListField,
} from './json';

/**
 * A policy alert as the REST endpoints return it: the subset of
 * `PolicyAlertV2Type` the simulator fills in.
 */
export interface SimPolicyAlert {
  uuid: string;
  orgUuid: string;
  type: 'POLICY_ALERT_V2';
  deviceUuid: string | undefined;
  locationUuid: string | undefined;
  timestampMs: number;
  durationSec: number;
  policyAlertTriggers: string[];
  textDescription: string | undefined;
  thumbnailLocationV2: string | undefined;
  finalized: boolean;
  deleted: boolean;
}

/** Filters of `getPolicyAlertsV2`, all optional. */
export interface AlertQuery {
  /** Only alerts strictly later than this. */
  afterTimestampMs?: number;
  /** Only alerts strictly earlier than this. */
  beforeTimestampMs?: number;
  maxResults?: number;
  deviceFilter?: readonly string[];
  locationFilter?: readonly string[];
}

/** How many alerts a query returns when it does not say. */
const DEFAULT_MAX_RESULTS = 100;

/**
 * The bounded list of alerts the simulator has published, fed from the
 * same events that go out on the socket, so REST catch-up sees exactly what
 * a connected client would have seen.
 */
export class AlertHistory {
  private readonly alerts = new Map<string, SimPolicyAlert>();

  constructor(
    private readonly orgUuid: string,
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.alerts.size;
  }

  /**
   * Applies one published event body (an object, or an array of them).
   * Bodies that are not policy alerts are ignored.
   */
  record(body: unknown): void {
    if (Array.isArray(body)) {
      body.forEach((item) => this.record(item));

      return;
    }

    if (!isJsonObject(body) || body['entity'] !== Entity.PolicyAlert) {
      return;
    }

    this.apply(body);
  }

  get(uuid: string): SimPolicyAlert | undefined {
    const alert = this.alerts.get(uuid);

    return alert === undefined ? undefined : copy(alert);
  }

  /**
   * Alerts matching `query`, newest first (by `timestampMs`, then by the
   * order they were recorded), at most `maxResults` of them.
   */
  query(query: AlertQuery): SimPolicyAlert[] {
    const max = query.maxResults ?? DEFAULT_MAX_RESULTS;
    const matches = [...this.alerts.values()]
      .reverse()
      .filter((alert) => matchesQuery(alert, query));
    matches.sort((a, b) => b.timestampMs - a.timestampMs);

    return matches.slice(0, Math.max(0, max)).map(copy);
  }

  private apply(event: JsonObject): void {
    const fields = alertFields(event);
    const uuid = fields.uuid;
    if (uuid === undefined) {
      return;
    }

    const existing = this.alerts.get(uuid);
    const isDeletion = event['type'] === ChangeType.Delete;

    // A dismissal's timestamp is when it was dismissed, not when the alert
    // happened, so it must not overwrite what the alert already says.
    if (existing !== undefined && isDeletion) {
      existing.deleted = true;

      return;
    }

    const alert = existing ?? this.insert(uuid, fields);
    merge(alert, fields);
    alert.deleted = alert.deleted || isDeletion;
  }

  private insert(uuid: string, fields: AlertFields): SimPolicyAlert {
    const alert: SimPolicyAlert = {
      uuid,
      orgUuid: this.orgUuid,
      type: 'POLICY_ALERT_V2',
      deviceUuid: undefined,
      locationUuid: undefined,
      timestampMs: fields.timestampMs ?? Date.now(),
      durationSec: 0,
      policyAlertTriggers: [],
      textDescription: undefined,
      thumbnailLocationV2: undefined,
      finalized: false,
      deleted: false,
    };
    this.alerts.set(uuid, alert);

    // Maps iterate in insertion order, so the first key is the oldest.
    while (this.alerts.size > this.limit) {
      const oldest = this.alerts.keys().next().value as string;
      this.alerts.delete(oldest);
    }

    return alert;
  }
}

interface AlertFields {
  uuid?: string;
  deviceUuid?: string;
  locationUuid?: string;
  timestampMs?: number;
  durationSec?: number;
  policyAlertTriggers?: string[];
  textDescription?: string;
  thumbnailLocationV2?: string;
  finalized?: boolean;
}

/** Reads alert fields from either wire shape: nested `update` wins. */
function alertFields(event: JsonObject): AlertFields {
  const nested = isJsonObject(event['update']) ? event['update'] : {};
  const read = <T>(pick: (source: JsonObject) => T | undefined) =>
    pick(nested) ?? pick(event);

  return {
    uuid:
      read((s) => stringField(s, 'uuid')) ?? stringField(event, 'entityUuid'),
    deviceUuid: read((s) => stringField(s, 'deviceUuid')),
    locationUuid: read((s) => stringField(s, 'locationUuid')),
    timestampMs: read((s) => numberField(s, 'timestampMs')),
    durationSec: read((s) => numberField(s, 'durationSec')),
    policyAlertTriggers: read((s) => stringListField(s, 'policyAlertTriggers')),
    textDescription: read((s) => stringField(s, 'textDescription')),
    thumbnailLocationV2: read((s) => stringField(s, 'thumbnailLocationV2')),
    finalized: read((s) =>
      typeof s['finalized'] === 'boolean' ? s['finalized'] : undefined,
    ),
  };
}

function merge(target: SimPolicyAlert, fields: AlertFields): void {
  target.deviceUuid = fields.deviceUuid ?? target.deviceUuid;
  target.locationUuid = fields.locationUuid ?? target.locationUuid;
  target.timestampMs = fields.timestampMs ?? target.timestampMs;
  target.durationSec = fields.durationSec ?? target.durationSec;
  target.policyAlertTriggers =
    fields.policyAlertTriggers ?? target.policyAlertTriggers;
  target.textDescription = fields.textDescription ?? target.textDescription;
  target.thumbnailLocationV2 =
    fields.thumbnailLocationV2 ?? target.thumbnailLocationV2;
  target.finalized = fields.finalized ?? target.finalized;
}

function matchesQuery(alert: SimPolicyAlert, query: AlertQuery): boolean {
  if (
    query.afterTimestampMs !== undefined &&
    alert.timestampMs <= query.afterTimestampMs
  ) {
    return false;
  }

  if (
    query.beforeTimestampMs !== undefined &&
    alert.timestampMs >= query.beforeTimestampMs
  ) {
    return false;
  }

  if (!inFilter(query.deviceFilter, alert.deviceUuid)) {
    return false;
  }

  return inFilter(query.locationFilter, alert.locationUuid);
}

/** An empty or missing filter lets everything through. */
function inFilter(
  filter: readonly string[] | undefined,
  value: string | undefined,
): boolean {
  if (filter === undefined || filter.length === 0) {
    return true;
  }

  return value !== undefined && filter.includes(value);
}

function copy(alert: SimPolicyAlert): SimPolicyAlert {
  return { ...alert, policyAlertTriggers: [...alert.policyAlertTriggers] };
}
