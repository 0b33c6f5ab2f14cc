import type { RhombusEvent } from '../rhombus/event-types';
import { normaliseAlert } from '../rhombus/normalise';
import type { RhombusRestClient } from '../rhombus/rest-client';

/** Alerts asked for per page, and the most pages read in one catch-up. */
const PAGE_SIZE = 100;
const MAX_PAGES = 5;

/**
 * The policy alerts raised since `sinceMs`, oldest first, read from
 * getPolicyAlertsV2: Rhombus does not replay on the socket what happened
 * while it was down. Pages go backwards in time (the API answers newest
 * first), up to 500 alerts; an outage with more than that is reported
 * by the caller as partly caught up.
 */
export async function fetchMissedAlerts(
  rest: RhombusRestClient,
  sinceMs: number,
): Promise<{ alerts: RhombusEvent[]; complete: boolean }> {
  const byUuid = new Map<string, RhombusEvent>();
  let beforeMs: number | undefined;

  for (let page = 0; page < MAX_PAGES; page++) {
    const raw = await rest.getPolicyAlerts({
      afterTimestampMs: sinceMs,
      beforeTimestampMs: beforeMs,
      maxResults: PAGE_SIZE,
    });
    const alerts = raw.map(normaliseAlert).filter(isAlert);
    for (const alert of alerts) byUuid.set(alert.entityUuid ?? '', alert);

    if (raw.length < PAGE_SIZE) {
      return { alerts: oldestFirst(byUuid), complete: true };
    }
    beforeMs = Math.min(...alerts.map((a) => a.timestampMs ?? Infinity));
  }

  return { alerts: oldestFirst(byUuid), complete: false };
}

function isAlert(event: RhombusEvent | undefined): event is RhombusEvent {
  return event !== undefined && event.entityUuid !== undefined;
}

function oldestFirst(alerts: Map<string, RhombusEvent>): RhombusEvent[] {
  return [...alerts.values()].sort(
    (a, b) => (a.timestampMs ?? 0) - (b.timestampMs ?? 0),
  );
}
