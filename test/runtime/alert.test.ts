import assert from 'node:assert/strict';

import type { AlertSpec } from '../../src/simulator';
import { RhombusSimulator } from '../../src/simulator';
import { Received } from './support/collect';
import {
  alertNode,
  configNode,
  credentials,
  type FlowNode,
} from './support/flows';
import {
  ALL_NODES,
  helper,
  waitFor,
  startedSimulator,
  unloadAndStop,
} from './support/runtime';
import { statusesShown } from './support/transcript';

const API_KEY = 'alert-test-key-77c1';

interface AlertPayload {
  entityUuid: string;
  deviceUuid: string;
  deviceName: string;
  locationName: string;
  alert: { triggers: string[]; uuid: string; description: string };
}

describe('rhombus-alert', function () {
  let simulator: RhombusSimulator;
  let raised: Received;
  let cleared: Received;

  beforeEach(async function () {
    simulator = await startedSimulator({ apiKeys: [API_KEY] });
  });

  afterEach(() => unloadAndStop(simulator));

  async function deployAlert(
    settings: Record<string, unknown> = {},
  ): Promise<void> {
    const flow: FlowNode[] = [configNode(simulator), ...alertNode(settings)];

    await helper.load(ALL_NODES, flow, credentials(API_KEY));
    raised = new Received(helper.getNode('raised'));
    cleared = new Received(helper.getNode('cleared'));
    await waitFor('a subscribed session', () => {
      return simulator.stats.sessionsSubscribed === 1;
    });
  }

  /** Publishes an alert, then a marker alert that every test lets through. */
  async function alertThenMarker(spec: AlertSpec): Promise<void> {
    simulator.generateAlert(spec);
    simulator.generateAlert({
      uuid: 'marker',
      triggers: ['CUSTOM'],
      deviceUuid: simulator.org.cameras[4].uuid,
    });
    await waitFor('the marker alert', () =>
      raised.payloads<AlertPayload>().some((p) => p.entityUuid === 'marker'),
    );
  }

  function raisedUuids(): string[] {
    return raised
      .payloads<AlertPayload>()
      .map((p) => p.entityUuid)
      .filter((uuid) => uuid !== 'marker');
  }

  for (const shape of ['flat', 'nested'] as const) {
    it(`sends one message per alert, in the ${shape} wire shape`, async function () {
      await deployAlert();
      const camera = simulator.org.cameras[0];

      await alertThenMarker({
        uuid: 'alert-1',
        shape,
        triggers: ['MOTION_HUMAN'],
        deviceUuid: camera.uuid,
        updates: 3,
      });

      assert.deepEqual(raisedUuids(), ['alert-1']);
      const payload = raised.payloads<AlertPayload>()[0];
      assert.deepEqual(payload.alert.triggers, ['MOTION_HUMAN']);
      assert.equal(payload.deviceName, camera.name);
      assert.ok(payload.locationName, 'location name resolved');
      assert.match(
        String(raised.messages[0].topic),
        /^rhombus\/[a-z0-9-]+\/[a-z0-9-]+\/motion-human$/,
      );
    });
  }

  it('passes the updates of an alert when asked to', async function () {
    await deployAlert({ passUpdates: true });

    await alertThenMarker({
      uuid: 'alert-2',
      triggers: ['MOTION_CAR'],
      updates: 2,
    });

    assert.deepEqual(raisedUuids(), ['alert-2', 'alert-2', 'alert-2']);
    const flags = raised.messages
      .filter((m) => (m.payload as AlertPayload).entityUuid === 'alert-2')
      .map((m) => m.update === true);
    assert.deepEqual(flags, [false, true, true]);
  });

  it('sends a dismissed alert on the cleared output', async function () {
    await deployAlert();

    await alertThenMarker({
      uuid: 'alert-3',
      triggers: ['MOTION_HUMAN'],
      dismiss: true,
    });
    await waitFor('the clear', () => cleared.count === 1);

    assert.equal(
      (cleared.messages[0].payload as AlertPayload).entityUuid,
      'alert-3',
    );
  });

  it('does not clear an alert it never sent', async function () {
    await deployAlert({ triggers: ['MOTION_CAR'] });

    simulator.generateAlert({
      uuid: 'people',
      triggers: ['MOTION_HUMAN'],
      dismiss: true,
    });
    simulator.generateAlert({
      uuid: 'car',
      triggers: ['MOTION_CAR'],
      dismiss: true,
    });
    await waitFor('the car clear', () => cleared.count === 1);

    assert.deepEqual(raisedUuids(), ['car']);
    assert.equal(
      (cleared.messages[0].payload as AlertPayload).entityUuid,
      'car',
    );
  });

  describe('filters', function () {
    const cases: Array<{
      name: string;
      settings: (sim: RhombusSimulator) => Record<string, unknown>;
      alert: (sim: RhombusSimulator) => AlertSpec;
      passes: boolean;
    }> = [
      {
        name: 'no filter lets any alert through',
        settings: () => ({}),
        alert: () => ({ triggers: ['TAMPER'] }),
        passes: true,
      },
      {
        name: 'a trigger filter lets a matching trigger through',
        settings: () => ({ triggers: ['MOTION_HUMAN', 'MOTION_CAR'] }),
        alert: () => ({ triggers: ['MOTION_CAR'] }),
        passes: true,
      },
      {
        name: 'a trigger filter stops other triggers',
        settings: () => ({ triggers: ['MOTION_HUMAN'] }),
        alert: () => ({ triggers: ['MOTION_ANIMAL'] }),
        passes: false,
      },
      {
        name: 'an unknown trigger name typed by the user matches',
        settings: () => ({ triggers: ['ROBOT_DOG_DETECTED'] }),
        alert: () => ({ triggers: ['ROBOT_DOG_DETECTED'] }),
        passes: true,
      },
      {
        name: 'a device filter lets its device through',
        settings: (sim) => ({ devices: [sim.org.cameras[1].uuid] }),
        alert: (sim) => ({ deviceUuid: sim.org.cameras[1].uuid }),
        passes: true,
      },
      {
        name: 'a device filter stops other devices',
        settings: (sim) => ({ devices: [sim.org.cameras[1].uuid] }),
        alert: (sim) => ({ deviceUuid: sim.org.cameras[2].uuid }),
        passes: false,
      },
      {
        name: 'a location filter lets devices of that location through',
        settings: (sim) => ({ locations: [sim.org.cameras[1].locationUuid] }),
        alert: (sim) => ({ deviceUuid: sim.org.cameras[1].uuid }),
        passes: true,
      },
      {
        name: 'a location filter stops devices elsewhere',
        settings: (sim) => ({
          locations: [
            sim.org.locations.find(
              (l) => l.uuid !== sim.org.cameras[1].locationUuid,
            )?.uuid,
          ],
        }),
        alert: (sim) => ({ deviceUuid: sim.org.cameras[1].uuid }),
        passes: false,
      },
      {
        name: 'trigger and device filters must both match',
        settings: (sim) => ({
          triggers: ['MOTION_HUMAN'],
          devices: [sim.org.cameras[1].uuid],
        }),
        alert: (sim) => ({
          triggers: ['MOTION_CAR'],
          deviceUuid: sim.org.cameras[1].uuid,
        }),
        passes: false,
      },
    ];

    for (const testCase of cases) {
      it(testCase.name, async function () {
        const settings = testCase.settings(simulator);
        await deployAlert(settings);

        simulator.generateAlert({
          uuid: 'under-test',
          ...testCase.alert(simulator),
        });
        simulator.generateAlert(markerPassing(simulator, settings));
        await waitFor('the marker alert', () =>
          raised
            .payloads<AlertPayload>()
            .some((p) => p.entityUuid === 'marker'),
        );

        assert.deepEqual(raisedUuids(), testCase.passes ? ['under-test'] : []);
      });
    }
  });

  it('sends at most one alert per device within the cooldown', async function () {
    await deployAlert({ cooldown: 60 });
    const [first, second] = simulator.org.cameras;

    for (let i = 0; i < 5; i++) {
      simulator.generateAlert({ uuid: `storm-${i}`, deviceUuid: first.uuid });
    }
    simulator.generateAlert({ uuid: 'other', deviceUuid: second.uuid });
    await waitFor('the other camera', () => raised.count >= 2);
    simulator.generateAlert({
      uuid: 'marker',
      deviceUuid: simulator.org.cameras[4].uuid,
    });
    await waitFor('the marker', () => raisedUuids().length < raised.count);

    assert.deepEqual(raisedUuids(), ['storm-0', 'other']);
  });

  it('attaches a still image of the moment as a JPEG buffer', async function () {
    await deployAlert({ attachImage: true });

    simulator.generateAlert({
      uuid: 'with-image',
      deviceUuid: simulator.org.cameras[0].uuid,
    });
    await waitFor('the alert', () => raised.count === 1);

    const image = raised.messages[0].image;
    assert.ok(Buffer.isBuffer(image), 'msg.image is a Buffer');
    assert.equal(image[0], 0xff);
    assert.equal(image[1], 0xd8);
    assert.equal(simulator.stats.restCalls('/video/getExactFrameUri'), 1);
  });

  it('looks up the details of an alert that arrives without them', async function () {
    await deployAlert({ triggers: ['MOTION_HUMAN'] });
    const camera = simulator.org.cameras[0];
    simulator.generateAlert({
      uuid: 'bare',
      triggers: ['MOTION_HUMAN'],
      deviceUuid: camera.uuid,
      updates: 1,
    });
    await waitFor('the full alert', () => raised.count === 1);
    await helper.unload();
    await deployAlert({ triggers: ['MOTION_HUMAN'] });

    // The same alert again, as an event that carries only its uuid.
    simulator.publish({
      entity: 'POLICY_ALERT',
      entityUuid: 'bare',
      type: 'UPDATE',
      deviceUuid: camera.uuid,
    });
    await waitFor('the looked-up alert', () => raised.count === 1);

    const payload = raised.payloads<AlertPayload>()[0];
    assert.deepEqual(payload.alert.triggers, ['MOTION_HUMAN']);
    assert.equal(simulator.stats.restCalls('/event/getPolicyAlertDetails'), 1);
  });

  it('sends a sample alert from the editor button through its output', async function () {
    await deployAlert({ triggers: ['MOTION_CAR'] });

    const response = await helper.request().post('/rhombus-alert/alert/sample');

    assert.equal(response.status, 200);
    await waitFor('the sample', () => raised.count === 1);
    assert.equal(raised.messages[0].sample, true);
    assert.deepEqual(raised.payloads<AlertPayload>()[0].alert.triggers, [
      'MOTION_CAR',
    ]);
  });

  for (const [name, expected] of [
    ['yard', /connected · People, Vehicles$/],
    ['', /\.connected$/],
  ] as const) {
    it(`shows ${name ? 'its filter after "connected" when named' : '"connected" alone when unnamed'}`, async function () {
      await deployAlert({ name, triggers: ['MOTION_HUMAN', 'MOTION_CAR'] });

      await waitFor('the connected status', () =>
        statusesShown('alert').some((s) => s.fill === 'green'),
      );
      const connected = statusesShown('alert').find((s) => s.fill === 'green');
      assert.match(String(connected?.text), expected);
    });
  }

  it('answers 404 for the button of a node that is not deployed', async function () {
    await deployAlert();

    const response = await helper.request().post('/rhombus-alert/nope/sample');

    assert.equal(response.status, 404);
  });
});

/** An alert, sent last, that passes the node's filter whatever it is. */
function markerPassing(
  simulator: RhombusSimulator,
  settings: Record<string, unknown>,
): AlertSpec {
  const triggers = settings.triggers as string[] | undefined;
  const devices = settings.devices as string[] | undefined;
  const locations = settings.locations as string[] | undefined;
  const inLocation = simulator.org.cameras.find(
    (camera) => !locations || locations.includes(camera.locationUuid),
  );

  return {
    uuid: 'marker',
    triggers: triggers ?? ['CUSTOM'],
    deviceUuid: devices?.[0] ?? inLocation?.uuid,
  };
}
