export type FlowNode = Record<string, unknown> & { id: string; type: string };
export type Credentials = Record<string, Record<string, string>>;

export const CONFIG_ID = 'rhombus-account';

/** Where a test server listens: the simulator or a stub. */
export interface TestServer {
  readonly restUrl: string;
  readonly wsUrl: string;
}

/** A config node pointed at a test server through the Custom region. */
export function configNode(server: TestServer): FlowNode {
  return {
    id: CONFIG_ID,
    type: 'rhombus-config',
    name: 'test account',
    region: 'custom',
    restUrl: server.restUrl,
    wsUrl: server.wsUrl,
  };
}

export function credentials(apiKey: string): Credentials {
  return { [CONFIG_ID]: { apiKey } };
}

/** `count` rhombus-events nodes, each wired to its own helper node. */
export function eventsNodes(
  count: number,
  settings: Record<string, unknown> = {},
): FlowNode[] {
  const nodes: FlowNode[] = [];

  for (let i = 0; i < count; i++) {
    nodes.push({
      id: `events-${i}`,
      type: 'rhombus-events',
      config: CONFIG_ID,
      wires: [[`out-${i}`]],
      ...settings,
    });
    nodes.push({ id: `out-${i}`, type: 'helper' });
  }
  return nodes;
}

/** A rhombus-alert node with helpers on its alert and cleared outputs. */
export function alertNode(settings: Record<string, unknown> = {}): FlowNode[] {
  return [
    {
      id: 'alert',
      type: 'rhombus-alert',
      config: CONFIG_ID,
      wires: [['raised'], ['cleared']],
      ...settings,
    },
    { id: 'raised', type: 'helper' },
    { id: 'cleared', type: 'helper' },
  ];
}
