import { Client, type IStompSocket } from '@stomp/stompjs';

import {
  DESTINATION,
  openSocket,
  SUBSCRIPTION_ID,
  type Contender,
} from './contender';

/**
 * @stomp/stompjs, the usual STOMP client for JavaScript, over a `ws`
 * socket, with heart-beats and reconnection off as the others have them.
 */
export const stompjsContender: Contender = {
  name: '@stomp/stompjs over ws + JSON.parse',
  mode: 'stomp',
  async connect(url, onEvent) {
    const client = new Client({
      // ws implements the WebSocket interface stompjs expects.
      webSocketFactory: () => openSocket(url) as unknown as IStompSocket,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 0,
    });
    const connected = new Promise<void>((resolve, reject) => {
      client.onConnect = () => {
        client.subscribe(
          DESTINATION,
          (message) => onEvent(JSON.parse(message.body)),
          { id: SUBSCRIPTION_ID },
        );
        resolve();
      };
      client.onStompError = (frame) => reject(new Error(frame.body));
      client.onWebSocketError = () =>
        reject(new Error('stompjs could not open its socket'));
    });

    client.activate();
    await connected;
    return { close: () => client.deactivate() };
  },
};
