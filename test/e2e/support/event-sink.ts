import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One JSON body a flow POSTed, and the path it went to. */
export interface Posted {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/**
 * A loopback HTTP server that keeps every JSON body POSTed to it: what a
 * flow's core `http request` node delivers, observed from the test.
 */
export class EventSink {
  readonly posted: Posted[] = [];

  private constructor(
    private readonly server: Server,
    /** Base URL, e.g. `http://127.0.0.1:4321`. */
    readonly url: string,
  ) {}

  static async start(): Promise<EventSink> {
    const holder: { sink?: EventSink } = {};
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        holder.sink?.keep(request.url ?? '', Buffer.concat(chunks));
        response.writeHead(204);
        response.end();
      });
    });

    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    holder.sink = new EventSink(server, `http://127.0.0.1:${port}`);
    return holder.sink;
  }

  /** Bodies POSTed to `path`, in arrival order. */
  at(path: string): Record<string, unknown>[] {
    return this.posted.filter((p) => p.path === path).map((p) => p.body);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private keep(path: string, data: Buffer): void {
    try {
      this.posted.push({ path, body: JSON.parse(data.toString('utf8')) });
    } catch {
      this.posted.push({ path, body: { notJson: data.toString('utf8') } });
    }
  }
}
