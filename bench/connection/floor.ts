import {
  closeSocket,
  messageText,
  openSocket,
  opened,
  type Contender,
} from './contender';

/**
 * The floor: bare JSON bodies over `ws`, parsed, with no STOMP at all.
 * Nothing that reads the same bytes off the same socket and parses the
 * same JSON can do less work.
 */
export const rawFloor: Contender = {
  name: 'floor: ws + JSON.parse, no STOMP',
  mode: 'raw',
  async connect(url, onEvent) {
    const socket = openSocket(url);

    socket.on('message', (data) => onEvent(JSON.parse(messageText(data))));
    await opened(socket);
    return { close: () => closeSocket(socket) };
  },
};
