import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { freePort } from './peers';
import { waitFor } from './wait';

/** How to run one Node-RED: which Node.js, which install, which user dir. */
export interface NodeRedOptions {
  /** The `node` binary to run Node-RED with. */
  readonly nodeBinary: string;
  /** Node-RED's `red.js`, in the install under test. */
  readonly redScript: string;
  /** A fresh user directory; the settings file is written there. */
  readonly userDir: string;
  /** Directories put first on PATH for the process, e.g. Node's own. */
  readonly pathPrefix?: string;
}

/** One node set as `GET /nodes` lists it. */
export interface NodeSetInfo {
  readonly id: string;
  readonly module: string;
  readonly types: readonly string[];
  readonly enabled: boolean;
  readonly version?: string;
  /** Present only when the set failed to load. */
  readonly err?: unknown;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * A real Node-RED process, started the way a user starts it (`red.js`
 * with a settings file), driven through its admin HTTP API.
 */
export class NodeRedProcess {
  private output = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    /** The editor and admin API, e.g. `http://127.0.0.1:41234`. */
    readonly url: string,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      this.exited = true;
    });
  }

  /** Writes a settings file, starts Node-RED and waits for its admin API. */
  static async start(options: NodeRedOptions): Promise<NodeRedProcess> {
    const port = await freePort();
    const settingsFile = join(options.userDir, 'e2e-settings.js');
    await writeFile(settingsFile, settingsText(options.userDir, port));

    const child = spawn(
      options.nodeBinary,
      [options.redScript, '--settings', settingsFile],
      {
        cwd: options.userDir,
        env: childEnv(options.pathPrefix),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const nodeRed = new NodeRedProcess(child, `http://127.0.0.1:${port}`);
    await nodeRed.ready();
    return nodeRed;
  }

  /** Everything Node-RED printed, for failure messages. */
  get log(): string {
    return this.output;
  }

  /** Replaces all flows, as the editor's full deploy does. */
  async deploy(flows: readonly object[]): Promise<void> {
    const response = await fetch(`${this.url}/flows`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'Node-RED-API-Version': 'v1',
        'Node-RED-Deployment-Type': 'full',
      },
      body: JSON.stringify(flows),
    });

    if (!response.ok) {
      const text = await response.text();
      throw new Error(`deploy failed (${response.status}): ${text}`);
    }
  }

  /** The node sets the runtime knows, as the palette manager sees them. */
  async nodeSets(): Promise<NodeSetInfo[]> {
    const response = await fetch(`${this.url}/nodes`, {
      headers: { accept: 'application/json' },
    });

    if (!response.ok) {
      throw new Error(`GET /nodes failed (${response.status})`);
    }
    return (await response.json()) as NodeSetInfo[];
  }

  /** Stops Node-RED as Ctrl-C would, and kills it if it hangs. */
  async stop(): Promise<void> {
    if (this.exited) return;

    const exited = once(this.child, 'exit');
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private async ready(): Promise<void> {
    await waitFor(
      'Node-RED to serve its admin API',
      async () => {
        if (this.exited) {
          throw new Error(`Node-RED exited while starting:\n${this.output}`);
        }
        return this.answers('/settings');
      },
      READY_TIMEOUT_MS,
      () => this.output,
    );
  }

  private async answers(path: string): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}${path}`);
      await response.arrayBuffer();
      return response.ok;
    } catch {
      // Not listening yet: the next poll tries again.
      return false;
    }
  }
}

/**
 * A settings file as a careful user writes one: loopback only, a
 * credential secret of their own, no telemetry and no tours.
 */
function settingsText(userDir: string, port: number): string {
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    userDir,
    flowFile: 'flows.json',
    credentialSecret: 'end-to-end-test-secret',
    telemetry: { enabled: false },
    editorTheme: { tours: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };

  return `module.exports = ${JSON.stringify(settings, null, 2)};\n`;
}

function childEnv(pathPrefix: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };

  // Mocha's tsx loader must not leak into a Node-RED that may run on
  // another Node.js version.
  delete env['NODE_OPTIONS'];
  if (pathPrefix) env['PATH'] = `${pathPrefix}:${env['PATH'] ?? ''}`;
  return env;
}
