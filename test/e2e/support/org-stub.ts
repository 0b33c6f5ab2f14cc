import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for Rhombus' REST API that knows one thing, the
 * organisation: enough for RhombusConnection to learn which topic to
 * subscribe to when the STOMP side is a plain broker. Everything else
 * answers 404, which the connection tolerates (no device names).
 */
export class OrgStub {
  private constructor(
    private readonly server: Server,
    /** REST base URL, e.g. `http://127.0.0.1:4321/api`. */
    readonly restUrl: string,
  ) {}

  static async start(org: { uuid: string; name: string }): Promise<OrgStub> {
    const body = JSON.stringify({ org });
    const server = createServer((request, response) => {
      request.resume();
      if (request.method === 'POST' && request.url === '/api/org/getOrgV2') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(body);
        return;
      }

      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not in this stub');
    });

    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    return new OrgStub(server, `http://127.0.0.1:${port}/api`);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
