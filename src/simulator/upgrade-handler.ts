import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

import { AuthPolicy, authenticate } from './auth';
import { SimulatorFaults } from './faults';
import { SimulatorStats } from './stats';

/** Path of the WebSocket endpoint, as in the real service's URL. */
export const WEBSOCKET_PATH = '/websocket';

/** What the upgrade handler needs from the simulator. */
export interface UpgradeContext {
  readonly auth: AuthPolicy;
  readonly faults: SimulatorFaults;
  readonly stats: SimulatorStats;
  /** Called with every accepted WebSocket. */
  onSocket(socket: WebSocket, request: IncomingMessage): void;
  /** Called when an upgrade is refused with `status`. */
  onRejected(status: number): void;
  /** Called when an upgrade is left hanging by the stall fault. */
  onStalled(): void;
}

/**
 * Turns HTTP upgrade requests into WebSockets, after the same checks the
 * real service makes (path, then key), and after any injected fault.
 *
 * Sockets of stalled upgrades are kept so that `stop()` can destroy them.
 */
export class UpgradeHandler {
  private server: WebSocketServer;
  private readonly stalled = new Set<Duplex>();

  constructor(
    private readonly context: UpgradeContext,
    maxPayload: number,
  ) {
    this.server = createServer(maxPayload);
  }

  /**
   * Sets the largest client message accepted by sockets opened from now
   * on; open sockets keep the limit they started with.
   */
  setMaxPayload(bytes: number): void {
    this.server = createServer(bytes);
  }

  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Without a listener, a client reset during the handshake would throw.
    socket.on('error', () => socket.destroy());

    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    if (path !== WEBSOCKET_PATH) {
      this.refuse(socket, 404);

      return;
    }

    if (this.context.faults.takeUpgradeStall()) {
      this.stall(socket);

      return;
    }

    const status = this.rejectionStatus(request);
    if (status !== undefined) {
      this.refuse(socket, status);

      return;
    }

    this.server.handleUpgrade(request, socket, head, (webSocket) => {
      this.context.stats.countHandshake(true);
      this.context.onSocket(webSocket, request);
    });
  }

  /** Destroys the sockets of stalled upgrades. */
  destroyStalled(): void {
    this.stalled.forEach((socket) => socket.destroy());
    this.stalled.clear();
  }

  private rejectionStatus(request: IncomingMessage): number | undefined {
    const injected = this.context.faults.takeHandshakeRejection();
    if (injected !== undefined) {
      return injected;
    }

    const auth = authenticate(request, this.context.auth);

    return auth.ok ? undefined : auth.status;
  }

  private stall(socket: Duplex): void {
    this.stalled.add(socket);
    socket.once('close', () => this.stalled.delete(socket));
    this.context.onStalled();
  }

  private refuse(socket: Duplex, status: number): void {
    this.context.stats.countHandshake(false);
    const reason = STATUS_CODES[status] ?? 'Error';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: text/plain\r\n' +
        `Content-Length: ${Buffer.byteLength(reason)}\r\n` +
        `\r\n${reason}`,
    );
    this.context.onRejected(status);
  }
}

/**
 * A server in `noServer` mode: the HTTP server is shared with REST. Pongs
 * are left to the sessions so that a silent session can stay mute.
 */
function createServer(maxPayload: number): WebSocketServer {
  return new WebSocketServer({ noServer: true, maxPayload, autoPong: false });
}
