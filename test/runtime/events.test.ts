import assert from 'node:assert/strict';

import { RhombusSimulator } from '../../src/simulator';
import { Received } from './support/collect';
import { configNode, credentials, eventsNodes } from './support/flows';
import {
  ALL_NODES,
  helper,
  waitFor,
  startedSimulator,
  unloadAndStop,
} from './support/runtime';

const API_KEY = 'events-test-key-0b3e';

interface Case {
  name: string;
  settings: (sim: RhombusSimulator) => Record<string, unknown>;
  event: (sim: RhombusSimulator) => Record<string, unknown>;
  passes: boolean;
}

const CASES: Case[] = [
  {
    name: 'an empty filter lets everything through',
    settings: () => ({}),
    event: () => ({ entity: 'USER', type: 'UPDATE' }),
    passes: true,
  },
  {
    name: 'an entity filter lets its entity through',
    settings: () => ({ entities: ['DOOR_SENSOR', 'CAMERA'] }),
    event: () => ({ entity: 'DOOR_SENSOR', type: 'UPDATE' }),
    passes: true,
  },
  {
    name: 'an entity filter stops other entities',
    settings: () => ({ entities: ['DOOR_SENSOR'] }),
    event: () => ({ entity: 'CAMERA_STATE', type: 'UPDATE' }),
    passes: false,
  },
  {
    name: 'a free entity name typed by the user matches',
    settings: () => ({ entities: ['ROBOT_DOG'] }),
    event: () => ({ entity: 'ROBOT_DOG', type: 'CREATE' }),
    passes: true,
  },
  {
    name: 'a change type filter lets its types through',
    settings: () => ({ changeTypes: ['CREATE', 'DELETE'] }),
    event: () => ({ entity: 'CAMERA', type: 'DELETE' }),
    passes: true,
  },
  {
    name: 'a change type filter stops other types',
    settings: () => ({ changeTypes: ['CREATE'] }),
    event: () => ({ entity: 'CAMERA', type: 'UPDATE' }),
    passes: false,
  },
  {
    name: 'a device filter lets its device through',
    settings: (sim) => ({ devices: [sim.org.doorSensors[0].uuid] }),
    event: (sim) => ({
      entity: 'DOOR_SENSOR',
      type: 'UPDATE',
      deviceUuid: sim.org.doorSensors[0].uuid,
    }),
    passes: true,
  },
  {
    name: 'a device filter stops events of other devices',
    settings: (sim) => ({ devices: [sim.org.doorSensors[0].uuid] }),
    event: (sim) => ({
      entity: 'CAMERA_STATE',
      type: 'UPDATE',
      deviceUuid: sim.org.cameras[0].uuid,
    }),
    passes: false,
  },
  {
    name: 'a device filter stops events without a device',
    settings: (sim) => ({ devices: [sim.org.doorSensors[0].uuid] }),
    event: () => ({ entity: 'USER', type: 'UPDATE' }),
    passes: false,
  },
  {
    name: 'a location filter lets devices of that location through',
    settings: (sim) => ({ locations: [sim.org.cameras[2].locationUuid] }),
    event: (sim) => ({
      entity: 'CAMERA_STATE',
      type: 'UPDATE',
      deviceUuid: sim.org.cameras[2].uuid,
    }),
    passes: true,
  },
  {
    name: 'all filters must match together',
    settings: (sim) => ({
      entities: ['CAMERA_STATE'],
      changeTypes: ['CREATE'],
      devices: [sim.org.cameras[0].uuid],
    }),
    event: (sim) => ({
      entity: 'CAMERA_STATE',
      type: 'UPDATE',
      deviceUuid: sim.org.cameras[0].uuid,
    }),
    passes: false,
  },
];

describe('rhombus-events', function () {
  let simulator: RhombusSimulator;

  beforeEach(async function () {
    simulator = await startedSimulator({ apiKeys: [API_KEY] });
  });

  afterEach(() => unloadAndStop(simulator));

  async function deploy(settings: Record<string, unknown>): Promise<Received> {
    await helper.load(
      ALL_NODES,
      [configNode(simulator), ...eventsNodes(1, settings)],
      credentials(API_KEY),
    );
    const out = new Received(helper.getNode('out-0'));
    await waitFor('a subscribed session', () => {
      return simulator.stats.sessionsSubscribed === 1;
    });
    return out;
  }

  /** An event every filter of `settings` lets through, sent last. */
  function marker(settings: Record<string, unknown>): Record<string, unknown> {
    const devices = settings.devices as string[] | undefined;
    const locations = settings.locations as string[] | undefined;
    const inLocation = simulator.org.cameras.find(
      (camera) => !locations || locations.includes(camera.locationUuid),
    );

    return {
      entity: (settings.entities as string[] | undefined)?.[0] ?? 'CAMERA',
      type: (settings.changeTypes as string[] | undefined)?.[0] ?? 'UPDATE',
      entityUuid: 'marker',
      deviceUuid: devices?.[0] ?? inLocation?.uuid,
    };
  }

  describe('filters', function () {
    for (const testCase of CASES) {
      it(testCase.name, async function () {
        const settings = testCase.settings(simulator);
        const out = await deploy(settings);

        simulator.publish({
          entityUuid: 'under-test',
          timestampMs: Date.now(),
          ...testCase.event(simulator),
        });
        simulator.publish(marker(settings));
        await waitFor('the marker event', () =>
          out.entityUuids().includes('marker'),
        );

        assert.deepEqual(
          out.entityUuids().filter((uuid) => uuid !== 'marker'),
          testCase.passes ? ['under-test'] : [],
        );
      });
    }
  });

  it('accepts the filter lists as comma-separated text too', async function () {
    const out = await deploy({ entities: 'DOOR_SENSOR, CAMERA' });

    simulator.publish({ entity: 'CAMERA', type: 'UPDATE', entityUuid: 'a' });
    simulator.publish({ entity: 'USER', type: 'UPDATE', entityUuid: 'b' });
    simulator.publish({
      entity: 'DOOR_SENSOR',
      type: 'UPDATE',
      entityUuid: 'c',
    });
    await waitFor('the last event', () => out.entityUuids().includes('c'));

    assert.deepEqual(out.entityUuids(), ['a', 'c']);
  });

  it('renders a custom topic template', async function () {
    const out = await deploy({ topic: 'home/{entity}/{type}/{device}' });
    const camera = simulator.org.cameras[0];

    simulator.publish({
      entity: 'CAMERA_STATE',
      type: 'UPDATE',
      deviceUuid: camera.uuid,
    });
    await waitFor('the event', () => out.count === 1);

    const slug = camera.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    assert.equal(out.messages[0].topic, `home/camera-state/update/${slug}`);
  });

  it('emits each event of an array body', async function () {
    const out = await deploy({});

    simulator.publish([
      { entity: 'CAMERA', type: 'UPDATE', entityUuid: 'first' },
      { entity: 'CAMERA', type: 'UPDATE', entityUuid: 'second' },
    ]);
    await waitFor('both events', () => out.count === 2);

    assert.deepEqual(out.entityUuids(), ['first', 'second']);
  });

  it('gives each node its own payload object', async function () {
    await helper.load(
      ALL_NODES,
      [configNode(simulator), ...eventsNodes(2)],
      credentials(API_KEY),
    );
    const outs = [0, 1].map((i) => new Received(helper.getNode(`out-${i}`)));
    await waitFor('a subscribed session', () => {
      return simulator.stats.sessionsSubscribed === 1;
    });

    simulator.publish({ entity: 'CAMERA', type: 'UPDATE', entityUuid: 'x' });
    await waitFor('both nodes', () => outs.every((o) => o.count === 1));

    assert.notEqual(outs[0].messages[0].payload, outs[1].messages[0].payload);
  });
});
