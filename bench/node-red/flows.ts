export type FlowNode = Record<string, unknown> & { id: string; type: string };
export type Credentials = Record<string, Record<string, string>>;

/** A config node for a custom endpoint pair (the bench's servers). */
export function configNode(
  id: string,
  restUrl: string,
  wsUrl: string,
): FlowNode {
  return { id, type: 'rhombus-config', region: 'custom', restUrl, wsUrl };
}

/** The same API key for every config node in `flow`. */
export function credentialsFor(flow: FlowNode[], apiKey: string): Credentials {
  const configs = flow.filter((node) => node.type === 'rhombus-config');

  return Object.fromEntries(configs.map((node) => [node.id, { apiKey }]));
}

/** A rhombus-events node wired to `target`. */
export function eventsNode(
  id: string,
  config: string,
  target: string,
  filter: Record<string, string> = {},
): FlowNode {
  return { id, type: 'rhombus-events', config, wires: [[target]], ...filter };
}

export function sinkNode(id: string): FlowNode {
  return { id, type: 'bench-sink', wires: [] };
}

export function floorNode(id: string, target: string): FlowNode {
  return { id, type: 'bench-floor', wires: [[target]] };
}

/**
 * Filters that match none of the bench's events, of the kinds users set:
 * an entity that never comes, one device or one location out of many
 * that stay quiet, a change type that never comes. Some get past the
 * first test (the entity) and fail on a later one.
 */
export function nonMatchingFilter(index: number): Record<string, string> {
  switch (index % 4) {
    case 0:
      return { entities: 'NVR,KEYPAD' };
    case 1:
      return {
        entities: 'POLICY_ALERT,CAMERA_STATE',
        devices: `quiet-device-${index}`,
      };
    case 2:
      return { locations: `quiet-location-${index}` };
    default:
      return { changeTypes: 'REFRESH' };
  }
}
