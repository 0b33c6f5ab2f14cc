import assert from 'node:assert/strict';

import type { NodeStatus } from 'node-red';

import { RhombusSimulator } from '../../src/simulator';
import { Received } from './support/collect';
import {
  configNode,
  credentials,
  eventsNodes,
  type FlowNode,
} from './support/flows';
import {
  ALL_NODES,
  helper,
  logText,
  recordStatuses,
  waitFor,
  startedSimulator,
  unloadAndStop,
} from './support/runtime';

const API_KEY = 'runtime-test-key-4f9a';

describe('rhombus-config: one pooled connection per account', function () {
  let simulator: RhombusSimulator;

  beforeEach(async function () {
    simulator = await startedSimulator({
      apiKeys: [API_KEY],
      heartBeat: [100, 100],
    });
  });

  afterEach(() => unloadAndStop(simulator));

  function flowWith(nodes: FlowNode[]): FlowNode[] {
    return [configNode(simulator), ...nodes];
  }

  async function deploy(nodes: FlowNode[]): Promise<void> {
    await helper.load(ALL_NODES, flowWith(nodes), credentials(API_KEY));
  }

  async function subscribed(): Promise<void> {
    await waitFor('a subscribed session', () => {
      return simulator.stats.sessionsSubscribed === 1;
    });
  }

  function cameraEvent(sequence: number): object {
    const camera = simulator.org.cameras[0];

    return {
      entity: 'CAMERA_STATE',
      entityUuid: `camera-state-${sequence}`,
      type: 'UPDATE',
      deviceUuid: camera.uuid,
      timestampMs: Date.now(),
    };
  }

  it('delivers each stream event as a message with names and a topic', async function () {
    await deploy(eventsNodes(1));
    const out = new Received(helper.getNode('out-0'));
    await subscribed();

    simulator.publish(cameraEvent(1));
    await waitFor('the event', () => out.count === 1);

    const camera = simulator.org.cameras[0];
    const location = simulator.org.locations.find(
      (l) => l.uuid === camera.locationUuid,
    );
    const payload = out.payloads()[0];
    assert.equal(payload.entity, 'CAMERA_STATE');
    assert.equal(payload.deviceUuid, camera.uuid);
    assert.equal(payload.deviceName, camera.name);
    assert.equal(payload.locationName, location?.name);
    assert.match(
      String(out.messages[0].topic),
      /^rhombus\/[a-z0-9-]+\/[a-z0-9-]+\/camera-state$/,
    );
  });

  it('shows a green dot saying connected once subscribed', async function () {
    await deploy(eventsNodes(1));
    const statuses = recordStatuses(helper.getNode('events-0'));

    await waitFor('connected status', () =>
      statuses.some((s) => s.fill === 'green'),
    );
    const connected = statuses.find((s) => s.fill === 'green') as NodeStatus;
    assert.equal(connected.shape, 'dot');
    assert.match(String(connected.text), /connected/);
  });

  it('shares one socket and one organisation look-up among five nodes', async function () {
    await deploy(eventsNodes(5));
    const outs = [0, 1, 2, 3, 4].map(
      (i) => new Received(helper.getNode(`out-${i}`)),
    );
    await subscribed();

    simulator.publish(cameraEvent(1));
    await waitFor('all five nodes', () => outs.every((o) => o.count === 1));

    assert.equal(simulator.stats.handshakesAccepted, 1);
    assert.equal(simulator.stats.openSockets, 1);
    assert.equal(simulator.stats.restCalls('/org/getOrgV2'), 1);
  });

  for (const kind of ['full', 'nodes'] as const) {
    it(`keeps one socket and delivers each event once over ten "${kind}" deploys`, async function () {
      await deploy(eventsNodes(3));
      await subscribed();

      for (let cycle = 0; cycle < 10; cycle++) {
        const flow = flowWith(
          eventsNodes(3, { name: `cycle ${cycle}`, topic: `t/${cycle}` }),
        );
        await helper.setFlows(flow, kind, credentials(API_KEY));
        await subscribed();
      }

      const outs = [0, 1, 2].map(
        (i) => new Received(helper.getNode(`out-${i}`)),
      );
      await waitFor('one socket', () => simulator.stats.openSockets === 1);
      assert.equal(simulator.publish(cameraEvent(99)), 1, 'sessions reached');

      // Events of one socket arrive in order: once the marker is in, any
      // duplicate of the first event would be in too.
      simulator.publish(cameraEvent(100));
      await waitFor('the marker event', () => outs.every((o) => o.count >= 2));
      for (const out of outs) {
        assert.deepEqual(out.entityUuids(), [
          'camera-state-99',
          'camera-state-100',
        ]);
      }
      assert.equal(simulator.stats.openSockets, 1);
    });
  }

  it('sends heart-beats at the negotiated interval', async function () {
    await simulator.stop();
    simulator = new RhombusSimulator({
      apiKeys: [API_KEY],
      heartBeat: [100, 200],
    });
    await simulator.start();
    await deploy(eventsNodes(1));
    await subscribed();

    const startedAt = Date.now();
    const before = simulator.stats.heartBeatsReceived;
    await waitFor('five heart-beats', () => {
      return simulator.stats.heartBeatsReceived - before >= 5;
    });
    const perBeat = (Date.now() - startedAt) / 5;

    // The client offers 100 ms and the server wants 200 ms: STOMP 1.2
    // makes it the larger, 200 ms.
    assert.ok(perBeat >= 150, `a heart-beat every ${perBeat} ms`);
    assert.ok(perBeat < 400, `a heart-beat every ${perBeat} ms`);
  });

  it('reconnects when the server goes silent with the socket still open', async function () {
    await deploy(eventsNodes(1));
    const out = new Received(helper.getNode('out-0'));
    await subscribed();

    simulator.goSilent();
    await waitFor('a second handshake', () => {
      return simulator.stats.handshakesAccepted === 2;
    });
    await waitFor('a new subscription', () => {
      return (
        simulator.sessions().filter((s) => s.subscriptions.length > 0).length >=
          1 && simulator.stats.openSockets === 1
      );
    });

    simulator.publish(cameraEvent(2));
    await waitFor('the event after reconnecting', () => out.count === 1);
    assert.match(logText(), /heart-beat/);
  });

  it('reconnects after a server restart and events resume', async function () {
    await deploy(eventsNodes(1));
    const out = new Received(helper.getNode('out-0'));
    const statuses = recordStatuses(helper.getNode('events-0'));
    await subscribed();

    await simulator.restart(100);
    await waitFor('a second handshake', () => {
      return simulator.stats.handshakesAccepted === 2;
    });
    await subscribed();

    simulator.publish(cameraEvent(3));
    await waitFor('the event after the restart', () => out.count === 1);
    assert.ok(statuses.some((s) => /reconnecting/.test(String(s.text))));
    assert.equal(statuses.at(-1)?.fill, 'green');
  });

  it('says the API key was rejected, and backs off, on a 401', async function () {
    await helper.load(
      ALL_NODES,
      flowWith(eventsNodes(1)),
      credentials('not-a-valid-key'),
    );
    const statuses = recordStatuses(helper.getNode('events-0'));

    await waitFor('a rejected status', () =>
      statuses.some((s) => /rejected/.test(String(s.text))),
    );
    const attempts = simulator.stats.restCalls('/org/getOrgV2');
    await waitFor('a second attempt', () => {
      return simulator.stats.restCalls('/org/getOrgV2') > attempts;
    });

    // With a tight loop there would be hundreds of attempts by now.
    assert.ok(simulator.stats.restCalls('/org/getOrgV2') <= 3);
    const rejected = statuses.find((s) => /rejected/.test(String(s.text)));
    assert.equal(rejected?.fill, 'red');
    assert.ok(!logText().includes('not-a-valid-key'), 'key in the log');
  });

  it('logs a malformed frame and carries on with the next event', async function () {
    await deploy(eventsNodes(1));
    const out = new Received(helper.getNode('out-0'));
    await subscribed();

    simulator.sendRaw('MESSAGE\nbroken header line\n\n{}\0');
    simulator.publish(cameraEvent(4));

    await waitFor('the good event', () => out.count === 1);
    assert.equal(out.payloads()[0].entityUuid, 'camera-state-4');
    assert.match(logText(), /malformed frame/);
    assert.equal(simulator.stats.handshakesAccepted, 1);
  });

  it('logs a body that is not JSON and carries on with the next event', async function () {
    await deploy(eventsNodes(1));
    const out = new Received(helper.getNode('out-0'));
    await subscribed();

    const session = simulator.sessions()[0];
    const subscription = session.subscriptions[0];
    simulator.sendRaw(
      `MESSAGE\ndestination:${subscription.destination}\nsubscription:${subscription.id}\nmessage-id:x\n\nthis is not json\0`,
    );
    simulator.publish(cameraEvent(5));

    await waitFor('the good event', () => out.count === 1);
    assert.match(logText(), /not JSON/);
    assert.equal(simulator.stats.handshakesAccepted, 1);
  });

  it('sends DISCONNECT when the flows stop', async function () {
    await deploy(eventsNodes(1));
    await subscribed();

    await helper.clearFlows();

    assert.equal(simulator.stats.framesReceived('DISCONNECT'), 1);
    await waitFor('the socket to close', () => {
      return simulator.stats.openSockets === 0;
    });
  });
});
