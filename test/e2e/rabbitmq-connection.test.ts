import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

import { ConnectionProbe } from './support/connection-probe';
import { OrgStub } from './support/org-stub';
import {
  RABBITMQ_WS_PORT,
  RABBITMQ_WS_URL,
  requirePeer,
  runScript,
} from './support/peers';
import { StompPublisher } from './support/stomp-publisher';
import { waitFor } from './support/wait';
import { ConnectionState } from '../../src/connection/connection-state';
import type { ConnectionSettings } from '../../src/connection/rhombus-connection';

const VHOST = '127.0.0.1';
const LOGIN = { login: 'guest', passcode: 'guest' };
const RABBITMQ_SCRIPT = 'scripts/e2e/rabbitmq.sh';

/**
 * Rhombus' topic is `/topic/change/<org>`, which RabbitMQ refuses ("not a
 * valid topic destination": no `/` inside a topic name), so against the
 * broker the connection subscribes to `/topic/change.<org>` instead.
 */
const DESTINATION_PREFIX = '/topic/change.';

function cameraEvent(entityUuid: string): object {
  return {
    entity: 'CAMERA_STATE',
    entityUuid,
    type: 'UPDATE',
    deviceUuid: 'e2e-camera',
    timestampMs: Date.now(),
  };
}

describe('RhombusConnection against RabbitMQ Web-STOMP', function () {
  const org = { uuid: `e2e-${randomUUID()}`, name: 'End-to-end org' };
  const destination = `${DESTINATION_PREFIX}${org.uuid}`;
  let stub: OrgStub;
  let publisher: StompPublisher | undefined;
  let probe: ConnectionProbe;

  before(async function () {
    await requirePeer('RabbitMQ Web-STOMP', RABBITMQ_WS_PORT, RABBITMQ_SCRIPT);
    stub = await OrgStub.start(org);
  });

  after(async function () {
    await stub?.close();
  });

  beforeEach(async function () {
    const settings: ConnectionSettings = {
      restUrl: stub.restUrl,
      wsUrl: RABBITMQ_WS_URL,
      // RabbitMQ ignores the upgrade's headers, the key among them.
      apiKey: 'not-checked-by-rabbitmq',
      connectHeaders: LOGIN,
      destinationPrefix: DESTINATION_PREFIX,
      heartBeat: { canSendMs: 1_000, wantsMs: 1_000 },
      retry: { initialMs: 200, maxMs: 1_000 },
      connectTimeoutMs: 5_000,
    };
    probe = new ConnectionProbe(settings);
    probe.start();
    publisher = await connectPublisher();
  });

  afterEach(async function () {
    await probe.connection.close();
    await publisher?.close();
  });

  /**
   * Publishes markers until one comes through: the route is in place. A
   * receipt can arrive before the message it follows is delivered, so any
   * marker of this call counts, not only the latest.
   */
  async function routeReady(): Promise<void> {
    const prefix = `ready-${randomUUID()}`;
    let attempt = 0;

    await waitFor(
      'an event through RabbitMQ',
      async () => {
        const marker = `${prefix}-${++attempt}`;
        await publisher?.flush(
          destination,
          JSON.stringify(cameraEvent(marker)),
        );
        return probe.entityUuids().some((uuid) => uuid.startsWith(prefix));
      },
      15_000,
      () => probe.describe(),
    );
  }

  /** Sends an end marker and returns the events before it, markers out. */
  async function receivedUntilEnd(): Promise<string[]> {
    const marker = `end-${randomUUID()}`;
    await publisher?.flush(destination, JSON.stringify(cameraEvent(marker)));
    await waitFor('the end marker', () => probe.entityUuids().includes(marker));

    return probe.entityUuids().filter((uuid) => !/^(ready|end)-/.test(uuid));
  }

  it('subscribes to the organisation topic and dispatches JSON bodies as events', async function () {
    await routeReady();

    publisher?.send(destination, JSON.stringify(cameraEvent('single')));
    publisher?.send(
      destination,
      JSON.stringify([cameraEvent('array-1'), cameraEvent('array-2')]),
    );

    assert.deepEqual(await receivedUntilEnd(), [
      'single',
      'array-1',
      'array-2',
    ]);
    assert.equal(probe.state, ConnectionState.Connected);
  });

  it('survives a broker restart: reconnects and events resume', async function () {
    await routeReady();
    publisher?.send(destination, JSON.stringify(cameraEvent('before')));
    assert.deepEqual(await receivedUntilEnd(), ['before']);

    await publisher?.close();
    publisher = undefined;
    await runScript('rabbitmq.sh', ['restart']);

    await waitFor(
      'the connection to come back',
      () => probe.state === ConnectionState.Connected,
      30_000,
      () => probe.describe(),
    );
    publisher = await connectPublisher();
    await routeReady();
    publisher.send(destination, JSON.stringify(cameraEvent('after')));

    assert.deepEqual(await receivedUntilEnd(), ['before', 'after']);
    const sinceFirstConnect = probe.states.slice(
      probe.states.indexOf(ConnectionState.Connected),
    );
    assert.ok(
      sinceFirstConnect.includes(ConnectionState.Reconnecting),
      `states: ${probe.states.join(', ')}`,
    );
  });
});

function connectPublisher(): Promise<StompPublisher> {
  return StompPublisher.connect(RABBITMQ_WS_URL, {
    'accept-version': '1.2',
    host: VHOST,
    'heart-beat': '0,0',
    ...LOGIN,
  });
}
