import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mqtt, { type MqttClient } from 'mqtt';

import { deviceEvents } from './support/device-events';
import {
  loadExample,
  rewrite,
  wiresTypes,
  type FlowNode,
} from './support/example-flows';
import { NodeRedProcess } from './support/node-red-process';
import { MQTT_PORT, REPO_ROOT, requirePeer } from './support/peers';
import { waitFor } from './support/wait';
import { RhombusSimulator } from '../../src/simulator';

const API_KEY = 'mqtt-bridge-e2e-key';
const EVENT_COUNT = 40;

interface Received {
  readonly topic: string;
  readonly entityUuid: string;
}

/**
 * The MQTT bridge example, deployed in a real Node-RED (the 4.1 this
 * repository develops against) with its broker settings pointed at a local
 * Mosquitto and its account at a simulator the test controls, so the test
 * knows exactly which events went in.
 */
describe('the MQTT bridge example against Mosquitto', function () {
  let simulator: RhombusSimulator;
  let userDir: string;
  let nodeRed: NodeRedProcess | undefined;
  let subscriber: MqttClient;
  const received: Received[] = [];

  before(async function () {
    await requirePeer('Mosquitto', MQTT_PORT, 'scripts/e2e/mosquitto.sh');
    simulator = new RhombusSimulator({ apiKeys: [API_KEY] });
    await simulator.start();
    subscriber = await mqtt.connectAsync(`mqtt://127.0.0.1:${MQTT_PORT}`);
    subscriber.on('message', (topic, payload) =>
      received.push({ topic, entityUuid: entityUuidOf(payload) }),
    );
    await subscriber.subscribeAsync('rhombus/#');

    userDir = await userDirLinkedToThisPackage();
    nodeRed = await NodeRedProcess.start({
      nodeBinary: process.execPath,
      redScript: require.resolve('node-red/red.js'),
      userDir,
    });
    await nodeRed.deploy(bridgeFlow());
    await waitFor(
      'the flow to subscribe to the simulator',
      () => simulator.stats.sessionsSubscribed === 1,
      15_000,
      () => nodeRed?.log ?? '',
    );
    await bridgeWorks();
  });

  after(async function () {
    await nodeRed?.stop();
    await subscriber?.endAsync();
    await simulator?.stop();
    if (userDir) await rm(userDir, { recursive: true, force: true });
  });

  it('publishes one message per event, on the documented topics', async function () {
    const events = deviceEvents(simulator, EVENT_COUNT, 'bridged');
    events.forEach((event) => simulator.publish(event.body));
    await endMarkerArrives();

    const bridged = received.filter((m) => m.entityUuid.startsWith('bridged-'));
    assert.deepEqual(
      bridged.map((m) => m.entityUuid).sort(),
      events.map((e) => e.entityUuid).sort(),
      'each event exactly once',
    );
    for (const event of events) {
      const message = bridged.find((m) => m.entityUuid === event.entityUuid);
      assert.equal(message?.topic, event.topic, event.entityUuid);
    }
  });

  it("publishes one message per event of the simulator's own making", async function () {
    const from = received.length;
    const generated = Array.from({ length: 15 }, () =>
      simulator.generateEvent(),
    ).flat();
    await endMarkerArrives();

    const bridged = received
      .slice(from)
      .filter((m) => !/^(probe|end)-/.test(m.entityUuid));
    assert.deepEqual(
      bridged.map((m) => m.entityUuid).sort(),
      generated.map(uuidOfGenerated).sort(),
      'each generated event exactly once',
    );
    for (const message of bridged) {
      assert.match(message.topic, /^rhombus(\/[a-z0-9-]+){3}$/);
    }
  });

  /** The example, pointed at Mosquitto and at the test's simulator. */
  function bridgeFlow(): FlowNode[] {
    const example = loadExample('bridging rhombus-events to mqtt out', (n) =>
      wiresTypes(n, 'rhombus-events', 'mqtt out'),
    );
    const toMosquitto = rewrite(example, 'mqtt-broker', {
      broker: '127.0.0.1',
      port: MQTT_PORT,
    });

    return rewrite(toMosquitto, 'rhombus-config', {
      region: 'custom',
      restUrl: simulator.restUrl,
      wsUrl: simulator.wsUrl,
      credentials: { apiKey: API_KEY },
    });
  }

  /**
   * The MQTT node connects to the broker on its own schedule after the
   * deploy: probe events go in until one comes out, then the chain is up.
   */
  async function bridgeWorks(): Promise<void> {
    let probe = 0;
    const [template] = deviceEvents(simulator, 1, 'probe');

    await waitFor(
      'a probe event on MQTT',
      () => {
        simulator.publish({
          ...template?.body,
          entityUuid: `probe-${++probe}`,
        });
        return received.some((m) => m.entityUuid.startsWith('probe-'));
      },
      15_000,
      () => nodeRed?.log ?? '',
    );
  }

  /**
   * One socket, one flow, one MQTT connection: messages keep their order,
   * so once the end marker is in, every event before it is in too.
   */
  async function endMarkerArrives(): Promise<void> {
    const [marker] = deviceEvents(simulator, 1, `end-${randomUUID()}`);
    simulator.publish(marker?.body ?? {});
    await waitFor('the end marker on MQTT', () =>
      received.some((m) => m.entityUuid === marker?.entityUuid),
    );
  }
});

/**
 * A fresh Node-RED user directory with this package in its node_modules,
 * as `npm install <path to the package>` leaves it: a symbolic link.
 */
async function userDirLinkedToThisPackage(): Promise<string> {
  const userDir = await mkdtemp(join(tmpdir(), 'rhombus-e2e-mqtt-'));
  await mkdir(join(userDir, 'node_modules'));
  await symlink(
    REPO_ROOT,
    join(userDir, 'node_modules', 'node-red-contrib-rhombus'),
    'dir',
  );
  return userDir;
}

/** Where a generated event keeps its uuid: flat, or in a nested update. */
function uuidOfGenerated(event: Record<string, unknown>): string {
  const update = event['update'] as Record<string, unknown> | undefined;
  return String(event['entityUuid'] ?? update?.['uuid']);
}

function entityUuidOf(payload: Buffer): string {
  try {
    const event = JSON.parse(payload.toString('utf8')) as {
      entityUuid?: unknown;
    };
    return String(event.entityUuid);
  } catch {
    return `not JSON: ${payload.toString('utf8', 0, 80)}`;
  }
}
