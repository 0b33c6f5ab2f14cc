import type { Node, NodeAPI, NodeStatus } from 'node-red';

import type { ConnectionStatus } from '../connection/connection-state';
import { ConnectionState } from '../connection/connection-state';
import type { RhombusEvent } from '../rhombus/event-types';
import { nodeStatusOf } from './connection-status';
import type { RhombusConfigNode } from './config-node';

/** How a flow node takes part in its config node's pooled connection. */
export interface AccountUserOptions {
  /**
   * What the node lets through, e.g. "People · Front Door". An unnamed
   * node's label already says it; a named node's status adds it after
   * "connected", so the canvas shows it either way.
   */
  readonly summary: string;
  onEvent(event: RhombusEvent): void;
  /** Alerts raised while the connection was down, oldest first. */
  onCaughtUp?(alert: RhombusEvent): void;
}

/**
 * Registers a flow node with the account of its config node, mirrors the
 * connection state in the node's status, and deregisters on close. Returns
 * the config node, or undefined (with a red status) when none is set.
 */
export function joinAccount(
  RED: NodeAPI,
  node: Node,
  configId: string | undefined,
  options: AccountUserOptions,
): RhombusConfigNode | undefined {
  const config = findConfig(RED, configId);
  if (!config) {
    node.status({
      fill: 'red',
      shape: 'ring',
      text: RED._(`${node.type}.status.noConfig`),
    });
    node.error(RED._(`${node.type}.errors.noConfig`));
    return undefined;
  }

  const user = {
    onEvent: (event: RhombusEvent) => options.onEvent(event),
    onCaughtUp: (alert: RhombusEvent) => options.onCaughtUp?.(alert),
    onStatus: (status: ConnectionStatus) =>
      node.status(
        statusWithSummary(status, config, node.name ? options.summary : ''),
      ),
  };
  config.account.register(user);
  node.on('close', (_removed: boolean, done: () => void) => {
    config.account.deregister(user);
    done();
  });
  return config;
}

function findConfig(
  RED: NodeAPI,
  configId: string | undefined,
): RhombusConfigNode | undefined {
  if (!configId) return undefined;

  const node: unknown = RED.nodes.getNode(configId);
  return node instanceof Object && 'account' in node
    ? (node as RhombusConfigNode)
    : undefined;
}

function statusWithSummary(
  status: ConnectionStatus,
  config: RhombusConfigNode,
  summary: string,
): NodeStatus {
  const nodeStatus = nodeStatusOf(status, config.translate);
  if (status.state !== ConnectionState.Connected || summary === '') {
    return nodeStatus;
  }

  return { ...nodeStatus, text: `${nodeStatus.text} · ${summary}` };
}
