// `npm start`: Node-RED with these nodes and the getting-started flow,
// fed by the built-in simulator, or by the Rhombus cloud when
// RHOMBUS_API_KEY is set (RHOMBUS_REGION picks us or eu).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const userDir = join(root, '.node-red-demo');
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 1880);
const editorUrl = `http://${host}:${port}/`;
const demoFlow = join(root, 'examples', '00-getting-started.json');

await ensurePortFree();
prepareUserDir();
const nodeRed = startNodeRed();
await waitUntilListening();
await deployDemoFlow();
console.log(`\nNode-RED is running with the Rhombus nodes: ${editorUrl}`);
console.log('Open it, then the debug sidebar (the bug icon) to see events.');
console.log(
  process.env.RHOMBUS_API_KEY
    ? 'The demo flow is connected to your Rhombus account.'
    : 'Events come from the built-in simulator. Set RHOMBUS_API_KEY to use your account.',
);
console.log('Press Ctrl+C to stop.\n');

/** Refuses to start, rather than deploy the demo to whatever holds the port. */
async function ensurePortFree() {
  const free = await new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
  if (!free) {
    console.error(
      `Port ${port} on ${host} is in use. Free it, or run: PORT=1881 npm start`,
    );
    process.exit(1);
  }
}

function prepareUserDir() {
  mkdirSync(join(userDir, 'node_modules'), { recursive: true });
  const link = join(userDir, 'node_modules', 'node-red-contrib-rhombus');
  rmSync(link, { force: true, recursive: true });
  symlinkSync(root, link, 'dir');

  const secretFile = join(userDir, '.credential-secret');
  if (!existsSync(secretFile)) {
    writeFileSync(secretFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  }

  writeFileSync(join(userDir, 'settings.js'), settingsFile(secretFile));
}

function settingsFile(secretFile) {
  return `module.exports = {
  uiHost: ${JSON.stringify(host)},
  uiPort: ${port},
  flowFile: 'flows.json',
  credentialSecret: require('fs').readFileSync(${JSON.stringify(secretFile)}, 'utf8'),
  telemetry: { enabled: false },
  editorTheme: { tours: false },
  logging: { console: { level: 'info' } },
};
`;
}

function startNodeRed() {
  const require = createRequire(import.meta.url);
  const redJs = require.resolve('node-red/red.js');
  const child = spawn(
    process.execPath,
    [redJs, '--userDir', userDir, '--settings', join(userDir, 'settings.js')],
    { stdio: 'inherit' },
  );

  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  return child;
}

async function waitUntilListening() {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(`${editorUrl}settings`);
      if (response.ok) return;
    } catch {
      // Not listening yet: Node-RED takes a second or two to start.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  nodeRed.kill();
  throw new Error(`Node-RED did not start at ${editorUrl}`);
}

/**
 * Deploys through the admin API, so that Node-RED itself encrypts the key
 * into its credentials file; the key is never written anywhere else.
 */
async function deployDemoFlow() {
  const flow = JSON.parse(readFileSync(demoFlow, 'utf8'));
  const apiKey = process.env.RHOMBUS_API_KEY;

  if (apiKey) {
    for (const node of flow.filter((n) => n.type === 'rhombus-config')) {
      node.region = process.env.RHOMBUS_REGION === 'eu' ? 'eu' : 'us';
      node.credentials = { apiKey };
    }
  }

  const response = await fetch(`${editorUrl}flows`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Node-RED-Deployment-Type': 'full',
    },
    body: JSON.stringify(flow),
  });
  if (!response.ok) {
    throw new Error(`deploying the demo flow failed: ${response.status}`);
  }
}
