import assert from 'node:assert/strict';

import { RhombusSimulator } from '../../../src/simulator';
import { post } from './rest-client';

describe('simulator REST API', () => {
  const sim = new RhombusSimulator({ noPermissionKeys: ['read-only-key'] });

  before(() => sim.start());
  after(() => sim.stop());
  afterEach(() => sim.faults.clear());

  it('rejects an unknown key with 401', async () => {
    const reply = await post(sim.restUrl, '/org/getOrgV2', 'wrong-key');

    assert.equal(reply.status, 401);
  });

  it('rejects a missing key with 401', async () => {
    const response = await fetch(`${sim.restUrl}/org/getOrgV2`, {
      method: 'POST',
      headers: { 'x-auth-scheme': 'api-token' },
      body: '{}',
    });

    assert.equal(response.status, 401);
  });

  it('rejects a key without permission with 403', async () => {
    const reply = await post(sim.restUrl, '/org/getOrgV2', 'read-only-key');

    assert.equal(reply.status, 403);
  });

  it('accepts a partner key acting for its own org only', async () => {
    const headers = (org: string) => ({
      'x-auth-scheme': 'partner-api-token',
      'x-auth-org': org,
    });

    const ours = await post(
      sim.restUrl,
      '/org/getOrgV2',
      sim.apiKey,
      {},
      headers(sim.orgUuid),
    );
    const other = await post(
      sim.restUrl,
      '/org/getOrgV2',
      sim.apiKey,
      {},
      headers('another-org'),
    );

    assert.equal(ours.status, 200);
    assert.equal(other.status, 403);
  });

  it('returns the organisation uuid and name', async () => {
    const reply = await post(sim.restUrl, '/org/getOrgV2', sim.apiKey);

    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json, {
      org: { uuid: sim.orgUuid, name: sim.org.name },
    });
  });

  it('pages locations with lastEvaluatedKey', async () => {
    const first = await post(
      sim.restUrl,
      '/location/getLocationsV2',
      sim.apiKey,
    );
    const key = first.json?.['lastEvaluatedKey'];
    const second = await post(
      sim.restUrl,
      '/location/getLocationsV2',
      sim.apiKey,
      { lastEvaluatedKey: key },
    );

    assert.equal(typeof key, 'string');
    assert.deepEqual(
      [first.json?.['locations'], second.json?.['locations']].flat(),
      sim.org.locations.map(({ uuid, name, tz }) => ({ uuid, name, tz })),
    );
    assert.equal(second.json?.['lastEvaluatedKey'], undefined);
  });

  it('honours maxPageSize for locations', async () => {
    const reply = await post(
      sim.restUrl,
      '/location/getLocationsV2',
      sim.apiKey,
      {
        maxPageSize: 10,
      },
    );

    assert.equal((reply.json?.['locations'] as unknown[]).length, 3);
    assert.equal(reply.json?.['lastEvaluatedKey'], undefined);
  });

  it('lists cameras with name, location and connection status', async () => {
    const reply = await post(
      sim.restUrl,
      '/camera/getMinimalCameraStateList',
      sim.apiKey,
    );
    const cameras = reply.json?.['cameraStates'] as Record<string, unknown>[];

    assert.equal(cameras.length, sim.org.cameras.length);
    assert.deepEqual(Object.keys(cameras[0] ?? {}).sort(), [
      'connectionStatus',
      'locationUuid',
      'name',
      'uuid',
    ]);
  });

  it('answers each device list under its OpenAPI response key', async () => {
    const expected: [string, string, number][] = [
      ['/door/getMinimalDoorStateList', 'doorStates', 2],
      ['/climate/getMinimalClimateStateList', 'climateStates', 1],
      ['/button/getMinimalButtonStateList', 'states', 1],
      [
        '/occupancy/getMinimalOccupancySensorStateList',
        'occupancySensorStates',
        0,
      ],
      ['/proximity/getMinimalProximityStateList', 'proximityStates', 0],
      ['/badgereader/getMinimalStateList', 'minimalStates', 0],
      ['/doorbellcamera/getMinimalStateList', 'minimalStates', 0],
      [
        '/audiogateway/getMinimalAudioGatewayStateList',
        'audioGatewayStates',
        0,
      ],
    ];

    for (const [path, key, length] of expected) {
      const reply = await post(sim.restUrl, path, sim.apiKey);
      assert.equal((reply.json?.[key] as unknown[]).length, length, path);
    }
  });

  it('answers an unknown path with 404', async () => {
    const reply = await post(sim.restUrl, '/nothing/here', sim.apiKey);

    assert.equal(reply.status, 404);
  });

  it('answers a body that is not JSON with 400', async () => {
    const reply = await post(sim.restUrl, '/org/getOrgV2', sim.apiKey, 'nope{');

    assert.equal(reply.status, 400);
  });

  it('reports an unknown alert in-band with HTTP 200', async () => {
    const reply = await post(
      sim.restUrl,
      '/event/getPolicyAlertDetails',
      sim.apiKey,
      { policyAlertUuid: 'no-such-alert' },
    );

    assert.equal(reply.status, 200);
    assert.equal(reply.json?.['error'], true);
    assert.equal(typeof reply.json?.['errorMsg'], 'string');
  });

  it('serves a real JPEG at the URI getExactFrameUri returns', async () => {
    const camera = sim.org.cameras[0]?.uuid;
    const reply = await post(
      sim.restUrl,
      '/video/getExactFrameUri',
      sim.apiKey,
      {
        cameraUuid: camera,
        timestampMs: 1_700_000_000_000,
      },
    );
    const frameUri = String(reply.json?.['frameUri']);
    const image = await fetch(frameUri, {
      headers: { 'x-auth-scheme': 'api-token', 'x-auth-apikey': sim.apiKey },
    });
    const bytes = Buffer.from(await image.arrayBuffer());

    assert.ok(frameUri.startsWith(`http://127.0.0.1:${sim.port}/frames/`));
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
    assert.deepEqual([...bytes.subarray(-2)], [0xff, 0xd9]);
  });

  it('refuses a frame download without the key', async () => {
    const camera = sim.org.cameras[0]?.uuid ?? '';
    const image = await fetch(
      `http://127.0.0.1:${sim.port}/frames/${camera}/1.jpg`,
    );

    assert.equal(image.status, 401);
  });

  it('answers 429 with Retry-After for the next calls when told to', async () => {
    sim.faults.rateLimit(2, 3);

    const replies = [
      await post(sim.restUrl, '/org/getOrgV2', sim.apiKey),
      await post(sim.restUrl, '/org/getOrgV2', sim.apiKey),
      await post(sim.restUrl, '/org/getOrgV2', sim.apiKey),
    ];

    assert.deepEqual(
      replies.map((r) => r.status),
      [429, 429, 200],
    );
    assert.equal(replies[0]?.headers.get('retry-after'), '3');
  });

  it('answers 5xx for the next calls when told to', async () => {
    sim.faults.failRest(1, 503);

    const failed = await post(sim.restUrl, '/org/getOrgV2', sim.apiKey);
    const next = await post(sim.restUrl, '/org/getOrgV2', sim.apiKey);

    assert.equal(failed.status, 503);
    assert.equal(next.status, 200);
  });

  it('answers an in-band error for the next calls of one path', async () => {
    sim.faults.inBandError('/camera/getMinimalCameraStateList', 1, 'busy');

    const org = await post(sim.restUrl, '/org/getOrgV2', sim.apiKey);
    const failed = await post(
      sim.restUrl,
      '/camera/getMinimalCameraStateList',
      sim.apiKey,
    );

    assert.equal(org.json?.['error'], undefined);
    assert.deepEqual(failed.json, { error: true, errorMsg: 'busy' });
  });

  it('counts REST calls per path', async () => {
    const before = sim.stats.restCalls('/location/getLocationsV2');

    await post(sim.restUrl, '/location/getLocationsV2', sim.apiKey);

    assert.equal(sim.stats.restCalls('/location/getLocationsV2'), before + 1);
  });
});

describe('simulator REST auth errors as JSON', () => {
  const sim = new RhombusSimulator({ authErrorBody: 'json' });

  before(() => sim.start());
  after(() => sim.stop());

  it('answers 401 with a JSON body when so configured', async () => {
    const reply = await post(sim.restUrl, '/org/getOrgV2', 'wrong-key');

    assert.equal(reply.status, 401);
    assert.equal(reply.json?.['error'], true);
  });
});
