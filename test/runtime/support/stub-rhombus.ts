import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { WebSocketServer, type WebSocket } from 'ws';

/** How the stub answers; each can be changed between deploys. */
export interface StubBehaviour {
  /** The `org.uuid` that `/org/getOrgV2` answers with. */
  orgUuid: string;
  /** REST requests are accepted and never answered. */
  restHangs: boolean;
  /**
   * After answering CONNECTED, the server stops reading its socket: DISCONNECT
   * gets no receipt and a close frame no answer, as with a peer that died.
   */
  diesAfterConnected: boolean;
}

/**
 * A bare stand-in for Rhombus on loopback, for what the simulator cannot
 * do: answer an org uuid of its choosing, leave REST hanging, or die with
 * the TCP connection still open. Every other REST path answers `{}`.
 */
export class StubRhombus {
  readonly behaviour: StubBehaviour = {
    orgUuid: 'stubOrg0123456789abcde',
    restHangs: false,
    diesAfterConnected: false,
  };
  /** REST paths called, in order. */
  readonly restCalls: string[] = [];
  /** WebSocket upgrade requests received. */
  upgrades = 0;
  /** STOMP commands received, in order. */
  readonly commands: string[] = [];

  private readonly server: Server = createServer((request, response) =>
    this.answerRest(request, response),
  );
  private readonly webSockets = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();

  async start(): Promise<void> {
    this.server.on('connection', (socket: Socket) => this.track(socket));
    this.server.on('upgrade', (request, socket: Socket, head: Buffer) => {
      this.upgrades += 1;
      this.webSockets.handleUpgrade(request, socket, head, (webSocket) =>
        this.speakStomp(webSocket, socket),
      );
    });
    await new Promise<void>((resolve) =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    for (const socket of this.sockets) socket.destroy();
    this.webSockets.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port()}/api`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port()}/websocket`;
  }

  private port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private answerRest(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? '/', 'http://stub').pathname;
    this.restCalls.push(path);
    request.resume();

    if (this.behaviour.restHangs) {
      this.hanging.add(response);
      return;
    }

    const body =
      path === '/api/org/getOrgV2'
        ? { org: { uuid: this.behaviour.orgUuid, name: 'Stub org' } }
        : {};
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private speakStomp(webSocket: WebSocket, socket: Socket): void {
    webSocket.on('message', (data: Buffer) => {
      const command = data.toString('utf8').split('\n')[0] ?? '';
      if (command === '') return;

      this.commands.push(command);
      if (command !== 'CONNECT') return;

      // No heart-beats either way, so that only the test decides when the
      // peer is found dead.
      webSocket.send('CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0');
      if (this.behaviour.diesAfterConnected) socket.pause();
    });
  }
}
