import type { RhombusEvent } from '../rhombus/event-types';

/** What a flow node lets through; an empty list means "any". */
export interface EventFilterSpec {
  readonly entities?: readonly string[];
  readonly changeTypes?: readonly string[];
  readonly devices?: readonly string[];
  readonly locations?: readonly string[];
  readonly triggers?: readonly string[];
}

export type EventFilter = (event: RhombusEvent) => boolean;

/**
 * Compiles a filter once, at deploy, into set look-ups: with a hundred
 * nodes on one busy connection, each event meets every filter.
 */
export function compileFilter(spec: EventFilterSpec): EventFilter {
  const entities = setOf(spec.entities);
  const changeTypes = setOf(spec.changeTypes);
  const devices = setOf(spec.devices);
  const locations = setOf(spec.locations);
  const triggers = setOf(spec.triggers);

  return (event) =>
    matches(entities, event.entity) &&
    matches(changeTypes, event.type) &&
    matches(devices, event.deviceUuid) &&
    matches(locations, event.locationUuid) &&
    matchesAny(triggers, event.alert?.triggers);
}

function setOf(values: readonly string[] | undefined): Set<string> | undefined {
  const cleaned = (values ?? []).map((value) => value.trim()).filter(Boolean);
  return cleaned.length > 0 ? new Set(cleaned) : undefined;
}

function matches(allowed: Set<string> | undefined, value: string | undefined) {
  return allowed === undefined || (value !== undefined && allowed.has(value));
}

function matchesAny(
  allowed: Set<string> | undefined,
  values: readonly string[] | undefined,
): boolean {
  if (allowed === undefined) return true;

  return (values ?? []).some((value) => allowed.has(value));
}

/** Reads a list setting that may be saved as an array or a CSV string. */
export function listSetting(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string');
  }

  if (typeof value === 'string' && value.trim() !== '') {
    return value.split(',').map((item) => item.trim());
  }

  return [];
}
