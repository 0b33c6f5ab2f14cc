import type { RhombusEvent } from '../rhombus/event-types';

export const DEFAULT_EVENTS_TOPIC = 'rhombus/{location}/{device}/{entity}';
export const DEFAULT_ALERT_TOPIC = 'rhombus/{location}/{device}/{trigger}';

const PLACEHOLDER = /\{(entity|type|device|location|trigger)\}/g;

type Placeholder = 'entity' | 'type' | 'device' | 'location' | 'trigger';
type TopicPart = string | { readonly placeholder: Placeholder };

/** Renders one event's topic; compiled once per node, used per event. */
export type TopicTemplate = (event: RhombusEvent) => string;

/**
 * Compiles a topic template. Each placeholder value becomes a slug
 * ("Front Door" → "front-door") so the topic reads well in a debug sidebar
 * and is a valid MQTT topic level: no `/`, `+` or `#` inside.
 */
export function compileTopic(template: string): TopicTemplate {
  const parts = splitTemplate(template);

  return (event) => {
    let topic = '';
    for (const part of parts) {
      topic +=
        typeof part === 'string'
          ? part
          : slug(placeholderValue(part.placeholder, event));
    }
    return topic;
  };
}

function splitTemplate(template: string): TopicPart[] {
  const parts: TopicPart[] = [];
  let last = 0;

  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, match.index));
    parts.push({ placeholder: match[1] as Placeholder });
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(template.slice(last));
  return parts.filter((part) => part !== '');
}

function placeholderValue(name: Placeholder, event: RhombusEvent): string {
  switch (name) {
    case 'entity':
      return event.entity;
    case 'type':
      return event.type;
    case 'device':
      return event.deviceName || event.deviceUuid || 'org';
    case 'location':
      return event.locationName || event.locationUuid || 'org';
    case 'trigger':
      return event.alert?.triggers[0] ?? 'alert';
  }
}

/**
 * Device, location and entity names repeat from event to event, and
 * making a slug is the costliest step of a topic, so slugs are kept. The
 * cache is emptied when full rather than tracked by age: names are few.
 */
const slugs = new Map<string, string>();
const MAX_CACHED_SLUGS = 2_000;

function slug(value: string): string {
  const cached = slugs.get(value);
  if (cached !== undefined) return cached;

  const made = makeSlug(value);
  if (slugs.size >= MAX_CACHED_SLUGS) slugs.clear();
  slugs.set(value, made);
  return made;
}

function makeSlug(value: string): string {
  const cleaned = value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

  return cleaned === '' ? 'unknown' : cleaned;
}
