import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as connectTcp } from 'node:net';

import { RhombusSimulator } from '../../../src/simulator';
import { post } from './rest-client';
import { TestStompClient } from './stomp-test-client';

/** A sample of real `ActivityEnum` names, as in rhombus-enums.json. */
const KNOWN_TRIGGERS = new Set([
  'MOTION',
  'MOTION_HUMAN',
  'MOTION_CAR',
  'MOTION_ANIMAL',
  'FACE_IDENTIFIED',
  'FACE_UNIDENTIFIED',
  'LICENSEPLATE_IDENTIFIED',
  'LICENSEPLATE_UNIDENTIFIED',
  'TAMPER',
  'DOOR_OPENED',
  'DOOR_AJAR',
  'AC_BADGE_AUTHORIZED',
  'AC_BADGE_UNAUTHORIZED',
  'AC_DPI_DOOR_FORCED_OPEN',
  'TEMPERATURE_EXCEEDED_HIGH',
  'BUTTON_SINGLE_PRESSED',
]);

type Body = Record<string, unknown>;

function triggersOf(event: Body): unknown {
  const update = event['update'] as Body | undefined;

  return update?.['policyAlertTriggers'] ?? event['policyAlertTriggers'];
}

describe('simulator generated events', () => {
  let sim: RhombusSimulator;
  let client: TestStompClient | undefined;

  beforeEach(async () => {
    sim = new RhombusSimulator({ seed: 42 });
    await sim.start();
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await sim.stop();
  });

  async function subscribe(): Promise<TestStompClient> {
    client = await TestStompClient.connect(sim.wsUrl, sim.apiKey);
    await client.subscribe(sim.topic);

    return client;
  }

  it('streams generated events at the set rate', async () => {
    const subscriber = await subscribe();

    sim.setRate(200);
    const events = await subscriber.messages(10);
    sim.setRate(0);

    for (const event of events) {
      assert.equal(typeof event['entity'], 'string');
      assert.equal(typeof event['type'], 'string');
    }
  });

  it('sends alerts in both shapes with real trigger names', async () => {
    const subscriber = await subscribe();

    const flat = sim.generateAlert({ dismiss: false, updates: 1 });
    const nested = sim.generateAlert({ dismiss: false, updates: 1 });
    const received = await subscriber.messages(4);

    assert.deepEqual(received, [...flat, ...nested]);
    assert.ok(Array.isArray(received[0]?.['policyAlertTriggers']));
    assert.equal(typeof received[2]?.['update'], 'object');
    for (const event of received) {
      const [trigger] = triggersOf(event) as string[];
      assert.ok(KNOWN_TRIGGERS.has(trigger ?? ''), String(trigger));
    }
  });

  it('follows each CREATE with a finalising UPDATE', async () => {
    const events = sim.generateAlert({ shape: 'flat', updates: 2 });

    assert.equal(events[0]?.['type'], 'CREATE');
    assert.equal(events[0]?.['entity'], 'POLICY_ALERT');
    assert.equal(events[2]?.['type'], 'UPDATE');
    assert.equal(events[2]?.['finalized'], true);
  });

  it('makes generated alerts visible through getPolicyAlertsV2', async () => {
    const early = sim.generateAlert({ timestampMs: 1000 });
    const late = sim.generateAlert({ timestampMs: 5000 });

    const reply = await post(
      sim.restUrl,
      '/event/getPolicyAlertsV2',
      sim.apiKey,
      {
        afterTimestampMs: 2000,
      },
    );
    const alerts = reply.json?.['policyAlerts'] as Body[];

    assert.deepEqual(
      alerts.map((alert) => alert['uuid']),
      [late[0]?.['entityUuid']],
    );
    assert.notEqual(early[0]?.['entityUuid'], late[0]?.['entityUuid']);
  });

  it('returns the details of a generated alert', async () => {
    const [create] = sim.generateAlert({ triggers: ['MOTION_CAR'] });

    const reply = await post(
      sim.restUrl,
      '/event/getPolicyAlertDetails',
      sim.apiKey,
      { policyAlertUuid: create?.['entityUuid'] },
    );
    const alert = reply.json?.['policyAlert'] as Body;

    assert.deepEqual(alert['policyAlertTriggers'], ['MOTION_CAR']);
    assert.equal(alert['finalized'], true);
  });

  it('records alerts published while no one is connected', () => {
    const [create] = sim.generateAlert();

    assert.equal(sim.stats.openSockets, 0);
    assert.equal(sim.alerts()[0]?.uuid, create?.['entityUuid']);
  });

  it('does not queue events for a session that subscribes later', async () => {
    sim.publish({ entity: 'CAMERA', type: 'UPDATE', entityUuid: 'early' });
    const subscriber = await subscribe();

    sim.publish({ entity: 'CAMERA', type: 'UPDATE', entityUuid: 'late' });
    const [event] = await subscriber.messages(1);

    assert.equal(event?.['entityUuid'], 'late');
  });

  it('goes silent on an open session while its socket stays open', async () => {
    await subscribe();

    sim.goSilent();
    const sent = sim.publish({ entity: 'CAMERA', type: 'UPDATE' });

    assert.equal(sent, 0);
    assert.equal(sim.sessions()[0]?.silent, true);
    assert.equal(sim.stats.openSockets, 1);
  });

  it('holds a stalled upgrade without any HTTP answer', async () => {
    sim.faults.stallUpgrade(1);
    const socket = connectTcp(sim.port, '127.0.0.1');
    await once(socket, 'connect');
    let answered = false;
    socket.on('data', () => (answered = true));
    // stop() destroys the stalled socket; the reset is expected here.
    socket.on('error', () => undefined);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const stalled = once(sim, 'upgrade-stalled');

    socket.write(
      'GET /websocket?x-auth-scheme=api-token HTTP/1.1\r\n' +
        `Host: 127.0.0.1\r\nx-auth-apikey: ${sim.apiKey}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
        'Sec-WebSocket-Version: 13\r\n\r\n',
    );
    await stalled;
    await sim.stop();
    await closed;

    assert.equal(answered, false);
  });

  it('closes a socket whose message exceeds maxPayload', async () => {
    sim.setMaxPayload(64);
    const subscriber = await TestStompClient.open(sim.wsUrl, sim.apiKey);
    client = subscriber;

    subscriber.sendRaw(`SEND\ndestination:/x\n\n${'x'.repeat(100)}\0`);

    assert.equal(await subscriber.closed, 1009);
  });
});
