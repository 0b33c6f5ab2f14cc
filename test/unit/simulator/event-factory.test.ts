import assert from 'node:assert/strict';

import { TRIGGERS } from '../../../src/simulator/catalog';
import { createDemoOrg } from '../../../src/simulator/demo-org';
import { EventFactory } from '../../../src/simulator/event-factory';
import { SeededRandom } from '../../../src/simulator/random';

function factory(seed = 7, shape: 'flat' | 'nested' | 'mixed' = 'mixed') {
  const org = createDemoOrg(new SeededRandom(seed), 'Test Org');

  return new EventFactory(org, new SeededRandom(seed + 1), () => 1000, shape);
}

describe('simulator event factory', () => {
  it('builds the same events from the same seed', () => {
    const run = () => {
      const f = factory(3);
      return Array.from({ length: 20 }, () => f.randomOccurrence());
    };

    assert.deepEqual(run(), run());
  });

  it('makes an alert a CREATE, then UPDATEs ending finalised', () => {
    const events = factory().alert({ updates: 2, dismiss: false });

    assert.deepEqual(
      events.map((e) => e['type']),
      ['CREATE', 'UPDATE', 'UPDATE'],
    );
    assert.equal(events[2]?.['finalized'], true);
  });

  it('ends a dismissed alert with a DELETE', () => {
    const events = factory().alert({ dismiss: true });

    assert.equal(events.at(-1)?.['type'], 'DELETE');
  });

  it('alternates flat and nested alerts when mixed', () => {
    const f = factory();
    const first = f.alert()[0];
    const second = f.alert()[0];

    assert.ok(Array.isArray(first?.['policyAlertTriggers']));
    assert.equal(typeof second?.['update'], 'object');
  });

  it('puts an alert on a device that fits its trigger', () => {
    const org = createDemoOrg(new SeededRandom(7), 'Test Org');
    const f = new EventFactory(org, new SeededRandom(8), () => 1, 'flat');

    const [create] = f.alert({ triggers: ['DOOR_OPENED'] });

    const doors = org.doorSensors.map((door) => door.uuid);
    assert.ok(doors.includes(String(create?.['deviceUuid'])));
  });

  it('uses only trigger names of the ActivityEnum sample it carries', () => {
    const names = new Set(TRIGGERS.map((t) => t.name));

    for (const name of ['MOTION_HUMAN', 'MOTION_CAR', 'MOTION_ANIMAL']) {
      assert.ok(names.has(name), name);
    }
  });
});
