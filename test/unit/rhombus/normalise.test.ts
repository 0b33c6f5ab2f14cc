import assert from 'node:assert/strict';

import {
  eventsFromBody,
  lacksAlertDetails,
  mergeAlertDetails,
  normaliseAlert,
  normaliseEvent,
} from '../../../src/rhombus/normalise';

const TS = 1_700_000_000_000;
const ISO = new Date(TS).toISOString();

/** An alert as the docs show it: alert fields flat on the event. */
const FLAT_ALERT = {
  entity: 'POLICY_ALERT',
  entityUuid: 'alert1',
  type: 'CREATE',
  deviceUuid: 'cam1',
  timestampMs: TS,
  durationSec: 4,
  policyAlertTriggers: ['MOTION_HUMAN', 'MOTION_CAR'],
  textDescription: 'Person and car at the gate',
};

/** An alert as the official CLI reads it: fields under `update`. */
const NESTED_ALERT = {
  entity: 'POLICY_ALERT',
  entityUuid: 'alert1',
  type: 'UPDATE',
  deviceUuid: 'cam1',
  update: {
    uuid: 'alert1',
    deviceUuid: 'cam1',
    locationUuid: 'loc1',
    timestampMs: TS,
    durationSec: 9,
    finalized: true,
    policyAlertTriggers: ['MOTION_HUMAN'],
    textDescription: 'Person at the gate',
    thumbnailLocationV2: 'https://media.example/thumb.jpg',
    type: 'POLICY_ALERT_V2',
  },
};

describe('normaliseEvent', () => {
  it('reads an alert with its fields flat on the event', () => {
    const event = normaliseEvent(FLAT_ALERT);

    assert.deepEqual(event, {
      entity: 'POLICY_ALERT',
      type: 'CREATE',
      entityUuid: 'alert1',
      deviceUuid: 'cam1',
      deviceName: undefined,
      locationUuid: undefined,
      locationName: undefined,
      timestampMs: TS,
      time: ISO,
      alert: {
        uuid: 'alert1',
        triggers: ['MOTION_HUMAN', 'MOTION_CAR'],
        description: 'Person and car at the gate',
        durationSec: 4,
        finalized: undefined,
        thumbnail: undefined,
      },
      raw: FLAT_ALERT,
    });
  });

  it('reads an alert with its fields nested under update', () => {
    const event = normaliseEvent(NESTED_ALERT);

    assert.equal(event?.type, 'UPDATE');
    assert.equal(event?.locationUuid, 'loc1');
    assert.equal(event?.timestampMs, TS);
    assert.equal(event?.time, ISO);
    assert.deepEqual(event?.alert, {
      uuid: 'alert1',
      triggers: ['MOTION_HUMAN'],
      description: 'Person at the gate',
      durationSec: 9,
      finalized: true,
      thumbnail: 'https://media.example/thumb.jpg',
    });
  });

  it('keeps the event type when the nested record has its own type', () => {
    assert.equal(normaliseEvent(NESTED_ALERT)?.type, 'UPDATE');
  });

  it('keeps the raw event itself, not a copy', () => {
    assert.equal(normaliseEvent(NESTED_ALERT)?.raw, NESTED_ALERT);
  });

  it('reads numbers and booleans sent as strings', () => {
    const event = normaliseEvent({
      entity: 'POLICY_ALERT',
      type: 'UPDATE',
      timestampMs: String(TS),
      durationSec: '12',
      finalized: 'true',
    });

    assert.equal(event?.timestampMs, TS);
    assert.equal(event?.time, ISO);
    assert.equal(event?.alert?.durationSec, 12);
    assert.equal(event?.alert?.finalized, true);
  });

  it('leaves unreadable fields undefined', () => {
    const event = normaliseEvent({
      entity: 'POLICY_ALERT',
      type: 'CREATE',
      timestampMs: 'yesterday',
      deviceUuid: 42,
      durationSec: '',
      policyAlertTriggers: 'MOTION',
    });

    assert.equal(event?.timestampMs, undefined);
    assert.equal(event?.time, undefined);
    assert.equal(event?.deviceUuid, undefined);
    assert.equal(event?.alert?.durationSec, undefined);
    assert.deepEqual(event?.alert?.triggers, ['MOTION']);
  });

  it('gives no time for a timestamp a Date cannot hold', () => {
    const event = normaliseEvent({ entity: 'CAMERA', timestampMs: 1e20 });

    assert.equal(event?.timestampMs, 1e20);
    assert.equal(event?.time, undefined);
  });

  it('keeps unknown entities and types as sent, without alert fields', () => {
    const raw = {
      entity: 'HOVERCRAFT_STATE',
      type: 'TELEPORT',
      entityUuid: 'h1',
      deviceUuid: 'd1',
      timestampMs: TS,
    };

    const event = normaliseEvent(raw);

    assert.equal(event?.entity, 'HOVERCRAFT_STATE');
    assert.equal(event?.type, 'TELEPORT');
    assert.equal(event?.alert, undefined);
  });

  it('marks a missing entity and type as UNKNOWN', () => {
    const event = normaliseEvent({});

    assert.equal(event?.entity, 'UNKNOWN');
    assert.equal(event?.type, 'UNKNOWN');
    assert.equal(event?.entityUuid, undefined);
  });

  it('gives an alert without triggers an empty trigger list', () => {
    const event = normaliseEvent({ entity: 'POLICY_ALERT', type: 'DELETE' });

    assert.deepEqual(event?.alert?.triggers, []);
  });

  it('returns undefined for anything but an object', () => {
    for (const junk of [null, undefined, 42, 'text', true, [FLAT_ALERT]]) {
      assert.equal(normaliseEvent(junk), undefined, JSON.stringify(junk));
    }
  });
});

describe('eventsFromBody', () => {
  it('reads one object', () => {
    const { events, error } = eventsFromBody(JSON.stringify(FLAT_ALERT));

    assert.equal(events.length, 1);
    assert.equal(error, undefined);
  });

  it('reads a Buffer', () => {
    const { events } = eventsFromBody(Buffer.from(JSON.stringify(FLAT_ALERT)));

    assert.equal(events[0].entityUuid, 'alert1');
  });

  it('reads an array of objects, skipping and counting other entries', () => {
    const body = JSON.stringify([FLAT_ALERT, 7, NESTED_ALERT, null]);

    const { events, error } = eventsFromBody(body);

    assert.deepEqual(
      events.map((event) => event.type),
      ['CREATE', 'UPDATE'],
    );
    assert.match(error ?? '', /skipped 2/);
  });

  it('reads an empty array as no events and no error', () => {
    assert.deepEqual(eventsFromBody('[]'), { events: [] });
  });

  it('reports a body that is not JSON without throwing', () => {
    const { events, error } = eventsFromBody('{"entity": POLICY');

    assert.deepEqual(events, []);
    assert.match(error ?? '', /not JSON/);
  });

  it('reports an empty body', () => {
    assert.match(eventsFromBody('').error ?? '', /not JSON/);
  });

  it('reports a body that is a number', () => {
    const { events, error } = eventsFromBody('42');

    assert.deepEqual(events, []);
    assert.equal(error, 'body is a number, not an event');
  });

  it('reports a body that is null', () => {
    assert.equal(eventsFromBody('null').error, 'body is null, not an event');
  });
});

describe('normaliseAlert', () => {
  const ALERT_V2 = {
    uuid: 'alert9',
    deviceUuid: 'cam2',
    locationUuid: 'loc2',
    timestampMs: TS,
    durationSec: 15,
    finalized: true,
    policyAlertTriggers: ['MOTION_CAR'],
    textDescription: 'Car in the yard',
    thumbnailLocationV2: 'thumb-v2',
    type: 'POLICY_ALERT_V2',
  };

  it('turns a getPolicyAlertsV2 object into a CREATE event', () => {
    const event = normaliseAlert(ALERT_V2);

    assert.deepEqual(event, {
      entity: 'POLICY_ALERT',
      type: 'CREATE',
      entityUuid: 'alert9',
      deviceUuid: 'cam2',
      deviceName: undefined,
      locationUuid: 'loc2',
      locationName: undefined,
      timestampMs: TS,
      time: ISO,
      alert: {
        uuid: 'alert9',
        triggers: ['MOTION_CAR'],
        description: 'Car in the yard',
        durationSec: 15,
        finalized: true,
        thumbnail: 'thumb-v2',
      },
      raw: ALERT_V2,
    });
  });

  it('finds the device of alert details by their one clip', () => {
    const details = {
      uuid: 'alert9',
      clipLocationMapV2: { cam3: 'clip-location' },
    };

    assert.equal(normaliseAlert(details)?.deviceUuid, 'cam3');
  });

  it('leaves the device unknown when details name several', () => {
    const details = { uuid: 'alert9', clipLocationMapV2: { a: 'x', b: 'y' } };

    assert.equal(normaliseAlert(details)?.deviceUuid, undefined);
  });

  it('returns undefined for anything but an object', () => {
    assert.equal(normaliseAlert('alert9'), undefined);
  });
});

describe('mergeAlertDetails', () => {
  it('fills what a bare alert event lacks, keeping what it has', () => {
    const event = normaliseEvent({
      entity: 'POLICY_ALERT',
      entityUuid: 'alert1',
      type: 'CREATE',
      deviceUuid: 'cam1',
    });
    assert.ok(event);
    assert.equal(lacksAlertDetails(event), true);

    mergeAlertDetails(event, {
      uuid: 'alert1',
      locationUuid: 'loc1',
      timestampMs: TS,
      policyAlertTriggers: ['MOTION_HUMAN'],
      textDescription: 'Person',
      clipLocationMapV2: { camX: 'clip' },
    });

    assert.equal(event.deviceUuid, 'cam1');
    assert.equal(event.locationUuid, 'loc1');
    assert.equal(event.time, ISO);
    assert.deepEqual(event.alert?.triggers, ['MOTION_HUMAN']);
    assert.equal(event.alert?.description, 'Person');
    assert.equal(lacksAlertDetails(event), false);
  });

  it('ignores details that are not an object', () => {
    const event = normaliseEvent(FLAT_ALERT);
    assert.ok(event);

    mergeAlertDetails(event, 'nothing');

    assert.deepEqual(event.alert?.triggers, ['MOTION_HUMAN', 'MOTION_CAR']);
  });

  it('does not count non-alert events as lacking details', () => {
    const event = normaliseEvent({ entity: 'CAMERA', type: 'UPDATE' });
    assert.ok(event);

    assert.equal(lacksAlertDetails(event), false);
  });
});
