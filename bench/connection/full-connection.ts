import { ConnectionState } from '../../src/connection/connection-state';
import {
  RhombusConnection,
  type ConnectionLog,
} from '../../src/connection/rhombus-connection';
import type { Contender } from './contender';

/** Warnings are printed: one during a measurement means a broken run. */
const LOG: ConnectionLog = {
  info: () => undefined,
  warn: (text) => console.warn(`  connection warning: ${text}`),
  debug: () => undefined,
  trace: () => undefined,
};

/**
 * The whole pooled connection the config node holds: organisation
 * look-up and device names over REST (from the simulator), then the STOMP
 * session; each event parsed, normalised, given device and location
 * names, and dispatched to a registered user.
 */
export function fullConnection(restUrl: string, apiKey: string): Contender {
  return {
    name: 'ours: RhombusConnection, dispatched to a user',
    mode: 'stomp',
    async connect(url, onEvent) {
      const connection = new RhombusConnection(
        { restUrl, wsUrl: url, apiKey },
        LOG,
      );

      await new Promise<void>((resolve) =>
        connection.register({
          onEvent,
          onStatus: (status) => {
            if (status.state === ConnectionState.Connected) resolve();
          },
        }),
      );
      return { close: () => connection.close() };
    },
  };
}
