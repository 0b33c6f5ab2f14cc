import type { NodeStatus } from 'node-red';

import {
  ConnectionState,
  type ConnectionStatus,
} from '../connection/connection-state';
import { RhombusErrorCode } from '../rhombus/errors';

/** Node-RED's translation function, bound to the config node's catalog. */
export type Translate = (
  key: string,
  values?: Record<string, string | number>,
) => string;

/**
 * The status dot every flow node shows for its connection. All nodes on
 * one config node show the same state, so it is derived here and nowhere
 * else.
 */
export function nodeStatusOf(
  status: ConnectionStatus,
  translate: Translate,
  nowMs: number = Date.now(),
): NodeStatus {
  const text = (
    key: string,
    values?: Record<string, string | number>,
  ): string => translate(`rhombus-config.status.${key}`, values);

  switch (status.state) {
    case ConnectionState.Idle:
    case ConnectionState.Closed:
      return { fill: 'grey', shape: 'ring', text: text('disconnected') };
    case ConnectionState.Connecting:
      return { fill: 'yellow', shape: 'ring', text: text('connecting') };
    case ConnectionState.Connected:
      return { fill: 'green', shape: 'dot', text: text('connected') };
    case ConnectionState.Rejected:
      return { fill: 'red', shape: 'ring', text: text('rejected') };
    case ConnectionState.Failed:
      return {
        fill: 'red',
        shape: 'dot',
        text: text('error', { message: status.error?.message ?? '' }),
      };
    case ConnectionState.Reconnecting:
      return reconnectingStatus(status, text, nowMs);
  }
}

function reconnectingStatus(
  status: ConnectionStatus,
  text: (key: string, values?: Record<string, string | number>) => string,
  nowMs: number,
): NodeStatus {
  const seconds = Math.max(
    0,
    Math.round(((status.retryAt ?? nowMs) - nowMs) / 1000),
  );
  const key =
    status.error?.code === RhombusErrorCode.RateLimited
      ? 'rateLimited'
      : 'reconnecting';

  return { fill: 'yellow', shape: 'ring', text: text(key, { seconds }) };
}
