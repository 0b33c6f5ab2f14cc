import assert from 'node:assert/strict';
import sinon from 'sinon';

import type { DeviceInfo } from '../../../src/rhombus/device-kinds';
import {
  Directory,
  type DirectorySource,
} from '../../../src/rhombus/directory';
import type { RhombusEvent } from '../../../src/rhombus/event-types';
import { normaliseEvent } from '../../../src/rhombus/normalise';
import type { LocationInfo } from '../../../src/rhombus/rest-client';

const DEVICES: DeviceInfo[] = [
  { uuid: 'cam1', name: 'Lobby', kind: 'camera', locationUuid: 'loc1' },
  { uuid: 'door1', name: 'Back door', kind: 'door' },
  { uuid: 'cam2', name: '', kind: 'camera' },
];
const LOCATIONS: LocationInfo[] = [
  { uuid: 'loc1', name: 'HQ', tz: 'Europe/Paris' },
  { uuid: 'loc2', name: 'Depot' },
];

/** A source that counts its loads and can be told to fail. */
class FakeSource implements DirectorySource {
  loads = 0;
  failWith: Error | undefined;
  devices: DeviceInfo[] = DEVICES;

  async getDevices(): Promise<DeviceInfo[]> {
    this.loads++;
    if (this.failWith) {
      throw this.failWith;
    }
    return this.devices;
  }

  async getLocations(): Promise<LocationInfo[]> {
    return LOCATIONS;
  }
}

function event(raw: Record<string, unknown>): RhombusEvent {
  const normalised = normaliseEvent(raw);
  assert.ok(normalised);
  return normalised;
}

describe('Directory', () => {
  let source: FakeSource;

  beforeEach(() => {
    source = new FakeSource();
  });

  describe('look-ups', () => {
    let directory: Directory;

    beforeEach(async () => {
      directory = new Directory();
      await directory.refresh(source);
    });

    afterEach(() => directory.close());

    it('knows device and location names after a refresh', () => {
      assert.equal(directory.loaded, true);
      assert.equal(directory.deviceName('cam1'), 'Lobby');
      assert.equal(directory.locationName('loc2'), 'Depot');
      assert.equal(directory.locationOfDevice('cam1'), 'loc1');
      assert.equal(directory.deviceName('nope'), undefined);
      assert.equal(directory.deviceName('cam2'), undefined);
    });

    it('lists devices and locations for the editor', () => {
      assert.deepEqual(directory.devices(), DEVICES);
      assert.deepEqual(directory.locations(), LOCATIONS);
    });

    it('enriches an event with device name, location and its name', () => {
      const alert = event({ entity: 'POLICY_ALERT', deviceUuid: 'cam1' });

      directory.enrich(alert);

      assert.equal(alert.deviceName, 'Lobby');
      assert.equal(alert.locationUuid, 'loc1');
      assert.equal(alert.locationName, 'HQ');
    });

    it('keeps the location an event names over the device location', () => {
      const moved = event({
        entity: 'CAMERA',
        deviceUuid: 'cam1',
        locationUuid: 'loc2',
      });

      directory.enrich(moved);

      assert.equal(moved.locationUuid, 'loc2');
      assert.equal(moved.locationName, 'Depot');
    });

    it('leaves an event of an unknown device as it was', () => {
      const unknown = event({ entity: 'CAMERA', deviceUuid: 'cam9' });

      directory.enrich(unknown);

      assert.equal(unknown.deviceName, undefined);
      assert.equal(unknown.locationName, undefined);
    });

    it('keeps the previous lists when a refresh fails', async () => {
      source.failWith = new Error('boom');

      await assert.rejects(directory.refresh(source), /boom/);

      assert.equal(directory.deviceName('cam1'), 'Lobby');
    });

    it('shares a refresh already running', async () => {
      const loadsBefore = source.loads;

      await Promise.all([directory.refresh(source), directory.refresh(source)]);

      assert.equal(source.loads, loadsBefore + 1);
    });
  });

  describe('noteEvent', () => {
    let directory: Directory;

    beforeEach(async () => {
      directory = new Directory();
      await directory.refresh(source);
    });

    afterEach(() => directory.close());

    it('counts creations and deletions of devices and locations', () => {
      for (const entity of ['CAMERA', 'DOOR_SENSOR', 'LOCATION', 'DEVICE']) {
        for (const type of ['CREATE', 'DELETE']) {
          const change = event({ entity, type, entityUuid: 'x' });
          assert.equal(directory.noteEvent(change), true, `${entity} ${type}`);
        }
      }
    });

    it('counts an update that may be a rename', () => {
      const update = event({
        entity: 'CAMERA',
        type: 'UPDATE',
        entityUuid: 'cam1',
      });

      assert.equal(directory.noteEvent(update), true);
    });

    it('counts an update carrying a new name', () => {
      const renamed = event({
        entity: 'CAMERA',
        type: 'UPDATE',
        entityUuid: 'cam1',
        update: { name: 'Front lobby' },
      });

      assert.equal(directory.noteEvent(renamed), true);
    });

    it('ignores an update showing the name already known', () => {
      const same = event({
        entity: 'LOCATION',
        type: 'UPDATE',
        entityUuid: 'loc1',
        name: 'HQ',
      });

      assert.equal(directory.noteEvent(same), false);
    });

    it('ignores alerts and state changes', () => {
      for (const entity of ['POLICY_ALERT', 'CAMERA_STATE', 'DEVICE_SHADOW']) {
        const change = event({ entity, type: 'CREATE', entityUuid: 'x' });
        assert.equal(directory.noteEvent(change), false, entity);
      }
    });
  });

  describe('scheduled refresh', () => {
    let clock: sinon.SinonFakeTimers;
    let directory: Directory;
    let errors: Error[];

    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: 1_000_000 });
      errors = [];
      directory = new Directory({
        minRefreshIntervalMs: 10_000,
        debounceMs: 100,
        onRefreshError: (error) => errors.push(error),
      });
    });

    afterEach(() => {
      directory.close();
      clock.restore();
    });

    it('waits for the debounce before refreshing', async () => {
      directory.scheduleRefresh(source);

      await clock.tickAsync(99);
      assert.equal(source.loads, 0);
      await clock.tickAsync(1);
      assert.equal(source.loads, 1);
      assert.equal(directory.deviceName('cam1'), 'Lobby');
    });

    it('folds a burst of requests into one refresh', async () => {
      for (let i = 0; i < 20; i++) {
        directory.scheduleRefresh(source);
        await clock.tickAsync(2);
      }
      await clock.tickAsync(200);

      assert.equal(source.loads, 1);
    });

    it('spaces refreshes by the minimum interval', async () => {
      await directory.refresh(source);

      directory.scheduleRefresh(source);
      await clock.tickAsync(9_999);
      assert.equal(source.loads, 1);
      await clock.tickAsync(1);
      assert.equal(source.loads, 2);
    });

    it('reports a failed scheduled refresh', async () => {
      source.failWith = new Error('lists unavailable');

      directory.scheduleRefresh(source);
      await clock.tickAsync(100);

      assert.deepEqual(
        errors.map((error) => error.message),
        ['lists unavailable'],
      );
    });

    it('runs nothing after close', async () => {
      directory.scheduleRefresh(source);
      directory.close();
      directory.scheduleRefresh(source);

      await clock.tickAsync(60_000);

      assert.equal(source.loads, 0);
      assert.equal(clock.countTimers(), 0);
    });

    it('drops a pending refresh when cancelled, and schedules later ones', async () => {
      directory.scheduleRefresh(source);
      directory.cancelScheduled();
      await clock.tickAsync(60_000);
      assert.equal(source.loads, 0);

      directory.scheduleRefresh(source);
      await clock.tickAsync(100);
      assert.equal(source.loads, 1);
    });

    it('refreshes again when asked during a running refresh', async () => {
      let finish: (() => void) | undefined;
      source.getLocations = () =>
        new Promise<LocationInfo[]>((resolve) => {
          finish = () => resolve(LOCATIONS);
        });
      const running = directory.refresh(source);

      directory.scheduleRefresh(source);
      await clock.tickAsync(10_000);
      assert.equal(source.loads, 1);

      finish?.();
      await running;
      source.getLocations = async () => LOCATIONS;
      await clock.tickAsync(100);
      assert.equal(source.loads, 2);
    });
  });
});
