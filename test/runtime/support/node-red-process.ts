import { spawn, type ChildProcess } from 'node:child_process';
import {
  mkdtempSync,
  rmSync,
  symlinkSync,
  mkdirSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

export interface NodeRedProcessOptions {
  /** Extra lines inside `module.exports = { ... }` of the settings file. */
  readonly extraSettings?: string;
  /** The Node.js binary to run Node-RED with. */
  readonly nodeBinary?: string;
  /** Node-RED's red.js; by default the project's devDependency. */
  readonly redJs?: string;
  /** Link the project into the user dir (default), or leave it out. */
  readonly linkProject?: boolean;
}

/**
 * A real Node-RED process in a scratch user directory, with this package
 * linked into it the way `npm start` does, for what the test helper's
 * in-process runtime cannot show: admin authentication, the example
 * library, the log of a whole runtime.
 */
export class NodeRedProcess {
  readonly userDir = mkdtempSync(join(tmpdir(), 'rhombus-node-red-'));
  private child: ChildProcess | undefined;
  private output = '';
  port = 0;

  constructor(private readonly options: NodeRedProcessOptions = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed so far. */
  get log(): string {
    return this.output;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.prepareUserDir();

    const redJs = this.options.redJs ?? require.resolve('node-red/red.js');
    this.child = spawn(
      this.options.nodeBinary ?? process.execPath,
      [redJs, '--userDir', this.userDir, '--settings', this.settingsFile()],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child.stdout?.on('data', (chunk: Buffer) => this.record(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.record(chunk));
    await this.waitUntilListening();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.userDir, { recursive: true, force: true });
  }

  /** Calls the admin HTTP API; `token` adds a bearer token. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Node-RED-Deployment-Type': 'full',
    };
    if (token) headers.Authorization = `Bearer ${token}`;

    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  private prepareUserDir(): void {
    if (this.options.linkProject === false) return;

    mkdirSync(join(this.userDir, 'node_modules'));
    symlinkSync(
      PROJECT_ROOT,
      join(this.userDir, 'node_modules', 'node-red-contrib-rhombus'),
      'dir',
    );
  }

  private settingsFile(): string {
    const file = join(this.userDir, 'settings.js');

    writeFileSync(
      file,
      `module.exports = {
  uiHost: '127.0.0.1',
  uiPort: ${this.port},
  flowFile: 'flows.json',
  credentialSecret: 'test-secret',
  telemetry: { enabled: false },
  editorTheme: { tours: false },
  logging: { console: { level: 'info' } },
  ${this.options.extraSettings ?? ''}
};
`,
    );
    return file;
  }

  private record(chunk: Buffer): void {
    this.output += chunk.toString('utf8');
  }

  private async waitUntilListening(): Promise<void> {
    const deadline = Date.now() + 30_000;

    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) {
        throw new Error(`Node-RED exited early:\n${this.output}`);
      }
      if (await this.answers()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Node-RED did not start:\n${this.output}`);
  }

  private async answers(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/settings`);
      return response.status < 500;
    } catch {
      // Refused: not listening yet.
      return false;
    }
  }
}

/** A port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
