import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './peers';

/** One node of a flow file, as Node-RED exports it. */
export type FlowNode = Record<string, unknown> & {
  readonly id: string;
  readonly type: string;
};

const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/**
 * The example flow a user would import from the package's examples: the
 * first file in examples/ (in name order) that `matches`. Fails naming
 * the files looked at, since examples get renamed.
 */
export function loadExample(
  description: string,
  matches: (nodes: readonly FlowNode[]) => boolean,
): FlowNode[] {
  const files = readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort();

  for (const file of files) {
    const nodes = JSON.parse(
      readFileSync(join(EXAMPLES_DIR, file), 'utf8'),
    ) as FlowNode[];
    if (matches(nodes)) return withTab(nodes);
  }

  throw new Error(`no example ${description} in ${files.join(', ')}`);
}

/** True when a node of type `from` is wired straight to one of type `to`. */
export function wiresTypes(
  nodes: readonly FlowNode[],
  from: string,
  to: string,
): boolean {
  const types = new Map(nodes.map((node) => [node.id, node.type]));

  return nodes.some(
    (node) =>
      node.type === from &&
      outputsOf(node).some((ids) => ids.some((id) => types.get(id) === to)),
  );
}

/** The nodes of `type`; fails unless there is exactly one. */
export function theOnly(nodes: readonly FlowNode[], type: string): FlowNode {
  const found = nodes.filter((node) => node.type === type);
  if (found.length !== 1) {
    throw new Error(`expected one ${type} node, found ${found.length}`);
  }

  return found[0] as FlowNode;
}

/** The nodes, with `changes` made to the one node of `type`. */
export function rewrite(
  nodes: readonly FlowNode[],
  type: string,
  changes: Record<string, unknown>,
): FlowNode[] {
  const target = theOnly(nodes, type);

  return nodes.map((node) =>
    node === target ? { ...node, ...changes } : node,
  );
}

/**
 * An exported flow may leave out the tab its nodes sit on (the editor
 * makes one when importing); a deploy through the admin API needs it.
 */
function withTab(nodes: FlowNode[]): FlowNode[] {
  const tabs = new Set(
    nodes.filter((node) => node.type === 'tab').map((node) => node.id),
  );
  const missing = new Set(
    nodes
      .map((node) => node['z'])
      .filter((z): z is string => typeof z === 'string' && !tabs.has(z)),
  );

  return [
    ...[...missing].map((id) => ({ id, type: 'tab', label: 'Example' })),
    ...nodes,
  ];
}

function outputsOf(node: FlowNode): string[][] {
  const wires = node['wires'];
  return Array.isArray(wires) ? (wires as string[][]) : [];
}
