import assert from 'node:assert/strict';

import { AlertHistory } from '../../../src/simulator/alert-history';

function flatAlert(uuid: string, timestampMs: number, type = 'CREATE') {
  return {
    entity: 'POLICY_ALERT',
    entityUuid: uuid,
    type,
    deviceUuid: 'camera-1',
    timestampMs,
    durationSec: 4,
    policyAlertTriggers: ['MOTION_HUMAN'],
    textDescription: 'A person',
  };
}

describe('simulator alert history', () => {
  it('lists alerts newest first', () => {
    const history = new AlertHistory('org', 10);
    history.record(flatAlert('a', 1000));
    history.record(flatAlert('b', 3000));
    history.record(flatAlert('c', 2000));

    assert.deepEqual(
      history.query({}).map((alert) => alert.uuid),
      ['b', 'c', 'a'],
    );
  });

  it('keeps only alerts strictly after afterTimestampMs', () => {
    const history = new AlertHistory('org', 10);
    history.record(flatAlert('a', 1000));
    history.record(flatAlert('b', 2000));

    assert.deepEqual(
      history.query({ afterTimestampMs: 1000 }).map((alert) => alert.uuid),
      ['b'],
    );
  });

  it('forgets the oldest alerts beyond its limit', () => {
    const history = new AlertHistory('org', 2);
    ['a', 'b', 'c'].forEach((uuid, i) => history.record(flatAlert(uuid, i)));

    assert.equal(history.get('a'), undefined);
    assert.equal(history.size, 2);
  });

  it('reads alert fields from the nested update shape', () => {
    const history = new AlertHistory('org', 10);
    history.record({
      entity: 'POLICY_ALERT',
      entityUuid: 'n',
      type: 'CREATE',
      deviceUuid: 'camera-2',
      update: {
        uuid: 'n',
        locationUuid: 'loc',
        timestampMs: 5,
        durationSec: 9,
        policyAlertTriggers: ['MOTION_CAR'],
        finalized: true,
      },
    });

    const alert = history.get('n');
    assert.equal(alert?.locationUuid, 'loc');
    assert.deepEqual(alert?.policyAlertTriggers, ['MOTION_CAR']);
    assert.equal(alert?.finalized, true);
  });

  it('marks a dismissed alert deleted without moving its time', () => {
    const history = new AlertHistory('org', 10);
    history.record(flatAlert('a', 1000));
    history.record({
      entity: 'POLICY_ALERT',
      entityUuid: 'a',
      type: 'DELETE',
      timestampMs: 9999,
    });

    assert.equal(history.get('a')?.deleted, true);
    assert.equal(history.get('a')?.timestampMs, 1000);
  });

  it('ignores events of other entities', () => {
    const history = new AlertHistory('org', 10);
    history.record({ entity: 'CAMERA', entityUuid: 'x', type: 'UPDATE' });

    assert.equal(history.size, 0);
  });
});
