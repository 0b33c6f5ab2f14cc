import type { RhombusEvent } from '../rhombus/event-types';

export const DEFAULT_EVENTS_TOPIC = 'rhombus/{location}/{device}/{entity}';
export const DEFAULT_ALERT_TOPIC = 'rhombus/{location}/{device}/{trigger}';

const PLACEHOLDER = /\{(entity|type|device|location|trigger)\}/g;

/**
 * Fills a topic template from an event. Each value becomes a slug
 * ("Front Door" → "front-door") so the topic reads well in a debug
 * sidebar and is a valid MQTT topic level: no `/`, `+` or `#` inside.
 */
export function renderTopic(template: string, event: RhombusEvent): string {
  return template.replace(PLACEHOLDER, (_match, name: string) =>
    slug(placeholderValue(name, event)),
  );
}

function placeholderValue(name: string, event: RhombusEvent): string {
  switch (name) {
    case 'entity':
      return event.entity;
    case 'type':
      return event.type;
    case 'device':
      return event.deviceName || event.deviceUuid || 'org';
    case 'location':
      return event.locationName || event.locationUuid || 'org';
    default:
      return event.alert?.triggers[0] ?? 'alert';
  }
}

function slug(value: string): string {
  const cleaned = value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

  return cleaned === '' ? 'unknown' : cleaned;
}
