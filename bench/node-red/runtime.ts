import helper from 'node-red-node-test-helper';

import { registerBenchNodes } from './bench-nodes';
import type { Credentials, FlowNode } from './flows';

// The nodes as Node-RED loads them: the built package, not the sources.
/* eslint-disable @typescript-eslint/no-require-imports */
const rhombusConfig = require('../../dist/nodes/rhombus-config.js');
const rhombusEvents = require('../../dist/nodes/rhombus-events.js');
/**
 * The prototype of every Node-RED node. The test helper replaces some of
 * its methods on each load (see restoreNodeMethods), so the originals are
 * taken now, before any load.
 */
const nodePrototype: Record<string, unknown> =
  require('@node-red/runtime/lib/nodes/Node').prototype;
/** Node-RED's logger, whose `log` the helper also wraps in a spy. */
const nodeRedLog: { log: unknown } = require('@node-red/util').log;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The methods node-red-node-test-helper wraps in spies on each load. */
const SPIED_METHODS = [
  'log',
  'status',
  'warn',
  'error',
  'debug',
  'trace',
  'send',
] as const;
const originalMethods = SPIED_METHODS.map(
  (name) => [name, nodePrototype[name]] as const,
);
const originalLog = nodeRedLog.log;

// Default settings: no `rhombus` tuning, so the nodes run as users get them.
helper.init(require.resolve('node-red'), {});

/**
 * Starts `flow` in a real Node-RED runtime (the one node-red-node-test-
 * helper drives: Node-RED's own flow engine and message passing), with
 * the Rhombus nodes and the bench's own nodes registered.
 */
export async function deploy(
  flow: FlowNode[],
  credentials: Credentials,
): Promise<void> {
  await helper.load(
    [rhombusConfig, rhombusEvents, registerBenchNodes],
    flow,
    credentials,
  );
  restoreNodeMethods(flow);
}

/** Stops the flows, closing every node. */
export async function undeploy(): Promise<void> {
  await helper.unload();
}

/**
 * The helper wraps `send` (and the logging methods) of every node, and
 * Node-RED's logger, in sinon spies that record each call with its
 * arguments, plus a process.nextTick per call. Fine for tests; for a
 * benchmark it adds work to every message and keeps every message alive
 * (Node-RED logs a metric event per send and receive, so a million events
 * would look like a leak). Putting the originals back leaves Node-RED's
 * message passing as in a normal runtime. Each node copied `send` from
 * the prototype when it was wired, so the nodes of `flow` get theirs back.
 */
function restoreNodeMethods(flow: readonly FlowNode[]): void {
  const spiedSend = nodePrototype.send;

  for (const [name, original] of originalMethods) {
    nodePrototype[name] = original;
  }
  nodeRedLog.log = originalLog;
  for (const { id } of flow) {
    const node = helper.getNode(id) as unknown as Record<string, unknown>;

    if (node?.send === spiedSend) node.send = nodePrototype.send;
  }
}
