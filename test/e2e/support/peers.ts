import { execFile } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { resolve } from 'node:path';

/** The repository root: the package under test. */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** RabbitMQ's Web-STOMP endpoint, fixed by scripts/e2e/rabbitmq.sh. */
export const RABBITMQ_WS_URL = 'ws://127.0.0.1:15674/ws';
export const RABBITMQ_WS_PORT = 15674;

/** Mosquitto's port, as scripts/e2e/mosquitto.sh chose it. */
export const MQTT_PORT = Number(process.env['RHOMBUS_E2E_MQTT_PORT'] ?? 18830);

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    const finish = (open: boolean): void => {
      socket.destroy();
      done(open);
    };

    socket.setTimeout(2_000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * Fails, saying how to start it, when a server the suite needs is not
 * listening: a missing peer is a broken setup, not a reason to skip.
 */
export async function requirePeer(
  name: string,
  port: number,
  script: string,
): Promise<void> {
  if (!(await portAccepts(port))) {
    throw new Error(
      `${name} is not listening on 127.0.0.1:${port}. Start it with ` +
        `"${script} start" (.ci/e2e does this), then run the suite again.`,
    );
  }
}

/** A port that was free a moment ago, for servers that need one given. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Runs one of the scripts in scripts/e2e, failing with its output. */
export function runScript(
  name: string,
  args: readonly string[],
  timeoutMs = 180_000,
): Promise<string> {
  const script = resolve(REPO_ROOT, 'scripts/e2e', name);

  return new Promise((done, fail) => {
    execFile(
      'bash',
      [script, ...args],
      { timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error) {
          fail(new Error(`${name} ${args.join(' ')} failed: ${stderr}`));
          return;
        }
        done(stdout);
      },
    );
  });
}
