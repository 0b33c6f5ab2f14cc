import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { Ready, Request, ServerMessage } from './protocol';

/** Longest any one request may take before the bench gives up. */
const REQUEST_TIMEOUT_MS = 180_000;

type Pending = Map<number, { resolve(): void; reject(error: Error): void }>;
/** Omit over each member of a union, rather than over the union. */
type OmitEach<T, K extends PropertyKey> = T extends unknown
  ? Omit<T, K>
  : never;
/** A Request as the caller writes it: BenchServer numbers it. */
type RequestBody = OmitEach<Request, 'id'>;

/**
 * The bench's handle on its server process (server/main.ts): starts it,
 * asks it to send events, and stops it.
 */
export class BenchServer {
  private readonly pending: Pending = new Map();
  private nextId = 1;

  private constructor(
    private readonly child: ChildProcess,
    /** What the server said when it came up: its URLs and its events. */
    readonly info: Ready,
  ) {
    child.on('message', (message: ServerMessage) => this.settle(message));
    child.on('exit', (code) => this.failAll(`exited with code ${code}`));
  }

  /** Forks the server (with this process' flags, tsx included). */
  static async start(): Promise<BenchServer> {
    const child = fork(path.join(__dirname, 'main.ts'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const info = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (message: ServerMessage) => {
        if (message.kind === 'ready') resolve(message);
        else reject(new Error('bench server spoke before it was ready'));
      });
      child.once('exit', (code) =>
        reject(new Error(`bench server exited with code ${code}`)),
      );
    });

    return new BenchServer(child, info);
  }

  /** A blast-server URL for a client labelled `label`. */
  url(mode: 'stomp' | 'raw', label: string): string {
    return `${this.info.blastOrigin}/${mode}/${encodeURIComponent(label)}`;
  }

  waitSubscribed(label: string): Promise<void> {
    return this.request({ kind: 'wait-subscribed', label });
  }

  waitSimulatorSubscribed(): Promise<void> {
    return this.request({ kind: 'wait-simulator-subscribed' });
  }

  /** Resolves once the server has handed all `count` to the socket. */
  blast(label: string, count: number): Promise<void> {
    return this.request({ kind: 'blast', label, count });
  }

  pace(label: string, count: number, perSecond: number): Promise<void> {
    return this.request({ kind: 'pace', label, count, perSecond });
  }

  /** Ends the server process and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;

    const exited = new Promise((resolve) => this.child.once('exit', resolve));

    this.child.disconnect();
    await exited;
  }

  private request(body: RequestBody): Promise<void> {
    const id = this.nextId++;

    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(id, `${body.kind} timed out`),
        REQUEST_TIMEOUT_MS,
      );

      this.pending.set(id, {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ ...body, id });
    });
  }

  private settle(message: ServerMessage): void {
    if (message.kind !== 'reply') return;

    if (message.error === undefined) this.pending.get(message.id)?.resolve();
    else this.fail(message.id, message.error);
    this.pending.delete(message.id);
  }

  private fail(id: number, reason: string): void {
    this.pending.get(id)?.reject(new Error(`bench server: ${reason}`));
    this.pending.delete(id);
  }

  private failAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.fail(id, reason);
  }
}
