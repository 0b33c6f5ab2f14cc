import { listSetting } from './event-filter';

/** The parts of a flow node's settings that its summary names. */
export interface SummarySettings {
  devices?: unknown;
  locations?: unknown;
  deviceNames?: Record<string, string>;
  locationNames?: Record<string, string>;
}

const MAX_SUMMARY = 40;

/**
 * A short description of a filter for the node's status, such as
 * "People, Vehicles · Front Door". Empty when the node lets everything
 * through, so the status then simply says "connected".
 */
export function filterSummary(
  settings: SummarySettings,
  kinds: readonly string[],
): string {
  const devices = names(listSetting(settings.devices), settings.deviceNames);
  const locations = names(
    listSetting(settings.locations),
    settings.locationNames,
  );
  const parts = [kinds, devices, locations]
    .filter((list) => list.length > 0)
    .map((list) => list.join(', '));

  const summary = parts.join(' · ');
  return summary.length > MAX_SUMMARY
    ? `${summary.slice(0, MAX_SUMMARY - 1)}…`
    : summary;
}

function names(
  uuids: readonly string[],
  known: Record<string, string> | undefined,
): string[] {
  return uuids.map((uuid) => known?.[uuid] || uuid.slice(0, 8));
}
