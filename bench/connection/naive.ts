import type WebSocket from 'ws';

import {
  closeSocket,
  DESTINATION,
  messageText,
  openSocket,
  opened,
  SUBSCRIPTION_ID,
  type Contender,
} from './contender';

interface NaiveFrame {
  readonly command: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * STOMP read the way quick examples do it: one frame per message, split
 * at the first blank line, headers taken as they are (no unescaping, no
 * content-length), the trailing NUL cut off. Fast, and wrong for frames
 * split across messages, several frames in one message, heart-beats
 * before a frame or escaped headers; shown for what correctness costs.
 */
export function naiveParse(text: string): NaiveFrame {
  const blank = text.indexOf('\n\n');
  const lines = text.slice(0, blank).split('\n');
  const headers: Record<string, string> = {};

  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');

    headers[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return { command: lines[0], headers, body: text.slice(blank + 2, -1) };
}

export const naiveContender: Contender = {
  name: 'naive split on blank line + JSON.parse',
  mode: 'stomp',
  async connect(url, onEvent) {
    const socket = openSocket(url);

    socket.on('message', (data) => {
      const frame = naiveParse(messageText(data));

      if (frame.command === 'MESSAGE') onEvent(JSON.parse(frame.body));
      else if (frame.command === 'CONNECTED') subscribe(socket);
    });
    await opened(socket);
    socket.send('CONNECT\naccept-version:1.2\nhost:127.0.0.1\n\n\0');
    return { close: () => closeSocket(socket) };
  },
};

function subscribe(socket: WebSocket): void {
  socket.send(
    `SUBSCRIBE\nid:${SUBSCRIPTION_ID}\ndestination:${DESTINATION}\n\n\0`,
  );
}
