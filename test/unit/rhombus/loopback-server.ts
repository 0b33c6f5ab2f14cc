import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** What a route answers; `hang` never answers (for deadline tests). */
export type Reply =
  | {
      readonly status?: number;
      readonly headers?: Record<string, string>;
      readonly body?: string | Buffer;
    }
  | 'hang';

export type Route = (request: SeenRequest) => Reply;

/**
 * A real HTTP server on 127.0.0.1 and an ephemeral port, answering by path
 * (query string ignored). Unknown paths get 404. Every request is recorded.
 */
export class LoopbackServer {
  readonly requests: SeenRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private readonly server = http.createServer((req, res) =>
    this.handle(req, res),
  );

  /** Answers `path` with `route`, replacing any earlier route. */
  on(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  /** Answers `path` with JSON `body` and status 200. */
  json(path: string, body: unknown): this {
    return this.on(path, () => ({
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
    return this;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The REST base as a client would be given it. */
  get restUrl(): string {
    return `${this.origin}/api`;
  }

  /** Requests to one path, in order. */
  seen(path: string): SeenRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SeenRequest = {
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(request);
      this.answer(request, res);
    });
  }

  private answer(request: SeenRequest, res: http.ServerResponse): void {
    const route = this.routes.get(request.path);
    const reply: Reply = route ? route(request) : { status: 404, body: '' };
    if (reply === 'hang') {
      return;
    }

    res.writeHead(reply.status ?? 200, reply.headers);
    res.end(reply.body ?? '');
  }
}
