import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { RhombusErrorCode, isRhombusError } from '../../../src/rhombus/errors';
import { RhombusRestClient } from '../../../src/rhombus/rest-client';
import { LoopbackServer } from './loopback-server';

const KEY = 'test-key-0123456789abcdef';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);

/** Asserts the promise rejects with `code`, and never mentions the key. */
async function rejectsWith(
  promise: Promise<unknown>,
  code: RhombusErrorCode,
): Promise<Error & { status?: number; retryAfterMs?: number }> {
  const error = await promise.then(
    () => assert.fail(`expected a ${code} rejection`),
    (reason: unknown) => reason,
  );
  assert.ok(isRhombusError(error), `not a RhombusError: ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.ok(!error.message.includes(KEY), 'the message holds the API key');
  return error;
}

describe('RhombusRestClient', () => {
  let server: LoopbackServer;
  let client: RhombusRestClient;

  beforeEach(async () => {
    server = await new LoopbackServer().start();
    client = new RhombusRestClient({ restUrl: server.restUrl, apiKey: KEY });
  });

  afterEach(async () => {
    await server.stop();
  });

  describe('requests', () => {
    it('POSTs an empty JSON object with the api-token headers', async () => {
      server.json('/api/org/getOrgV2', { org: { uuid: 'org1', name: 'Acme' } });

      await client.getOrg();

      const [request] = server.seen('/api/org/getOrgV2');
      assert.equal(request.method, 'POST');
      assert.equal(request.body, '{}');
      assert.equal(request.headers['x-auth-scheme'], 'api-token');
      assert.equal(request.headers['x-auth-apikey'], KEY);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers.accept, 'application/json');
      assert.equal(request.headers['x-auth-org'], undefined);
    });

    it('sends the partner scheme and org header for a partner key', async () => {
      server.json('/api/org/getOrgV2', { org: { uuid: 'client-org' } });
      const partner = new RhombusRestClient({
        restUrl: server.restUrl,
        apiKey: KEY,
        partnerOrgUuid: 'client-org_1',
      });

      await partner.getOrg();

      const [request] = server.seen('/api/org/getOrgV2');
      assert.equal(request.headers['x-auth-scheme'], 'partner-api-token');
      assert.equal(request.headers['x-auth-org'], 'client-org_1');
      assert.equal(request.headers['x-auth-apikey'], KEY);
    });

    it('returns the org uuid and name', async () => {
      server.json('/api/org/getOrgV2', { org: { uuid: 'org1', name: 'Acme' } });

      assert.deepEqual(await client.getOrg(), { uuid: 'org1', name: 'Acme' });
    });

    it('rejects an org reply without a uuid as BadResponse', async () => {
      server.json('/api/org/getOrgV2', { org: { name: 'Acme' } });

      await rejectsWith(client.getOrg(), RhombusErrorCode.BadResponse);
    });

    it('checks a reply with the guard given to post', async () => {
      server.json('/api/x', { count: 'three' });
      const hasCount = (
        reply: Record<string, unknown>,
      ): reply is {
        count: number;
      } => typeof reply.count === 'number';

      await rejectsWith(
        client.post('/x', {}, hasCount),
        RhombusErrorCode.BadResponse,
      );
    });
  });

  describe('error mapping', () => {
    const path = '/api/org/getOrgV2';

    it('maps 401 to AuthRejected naming the status and path', async () => {
      server.on(path, () => ({ status: 401, body: 'Unauthorized' }));

      const error = await rejectsWith(
        client.getOrg(),
        RhombusErrorCode.AuthRejected,
      );
      assert.match(error.message, /API key rejected \(401\)/);
      assert.match(error.message, /\/org\/getOrgV2/);
      assert.equal(error.status, 401);
    });

    it('maps 403 to AuthRejected with status 403', async () => {
      server.on(path, () => ({ status: 403 }));

      const error = await rejectsWith(
        client.getOrg(),
        RhombusErrorCode.AuthRejected,
      );
      assert.equal(error.status, 403);
    });

    it('maps 429 to RateLimited with Retry-After seconds', async () => {
      server.on(path, () => ({
        status: 429,
        headers: { 'Retry-After': '7', 'Content-Type': 'text/plain' },
        body: 'Too many requests',
      }));

      const error = await rejectsWith(
        client.getOrg(),
        RhombusErrorCode.RateLimited,
      );
      assert.equal(error.retryAfterMs, 7000);
    });

    it('maps 429 without Retry-After to RateLimited with no delay', async () => {
      server.on(path, () => ({ status: 429, body: 'slow down' }));

      const error = await rejectsWith(
        client.getOrg(),
        RhombusErrorCode.RateLimited,
      );
      assert.equal(error.retryAfterMs, undefined);
    });

    it('maps 500 to HttpStatus', async () => {
      server.on(path, () => ({ status: 500, body: 'oops' }));

      const error = await rejectsWith(
        client.getOrg(),
        RhombusErrorCode.HttpStatus,
      );
      assert.equal(error.status, 500);
      assert.match(error.message, /HTTP 500/);
    });

    it('does not follow a redirect with the key', async () => {
      server.on(path, () => ({
        status: 302,
        headers: { Location: '/api/elsewhere' },
      }));

      await rejectsWith(client.getOrg(), RhombusErrorCode.HttpStatus);
      assert.equal(server.seen('/api/elsewhere').length, 0);
    });

    it('maps an in-band error to ApiError with the server text', async () => {
      server.json(path, { error: true, errorMsg: 'Not allowed here' });

      const error = await rejectsWith(
        client.getOrg(),
        RhombusErrorCode.ApiError,
      );
      assert.match(error.message, /Not allowed here/);
    });

    it('shortens a long in-band error message', async () => {
      server.json(path, { error: true, errorMsg: 'x'.repeat(5000) });

      const error = await rejectsWith(
        client.getOrg(),
        RhombusErrorCode.ApiError,
      );
      assert.ok(error.message.length < 300, `${error.message.length} chars`);
    });

    it('maps a reply that is not JSON to BadResponse', async () => {
      server.on(path, () => ({ body: '<html>gateway</html>' }));

      await rejectsWith(client.getOrg(), RhombusErrorCode.BadResponse);
    });

    it('maps a JSON reply that is not an object to BadResponse', async () => {
      server.on(path, () => ({ body: '[1,2]' }));

      await rejectsWith(client.getOrg(), RhombusErrorCode.BadResponse);
    });

    it('maps a reply over the size cap to BadResponse', async () => {
      const small = new RhombusRestClient({
        restUrl: server.restUrl,
        apiKey: KEY,
        maxReplyBytes: 1024,
      });
      const big = JSON.stringify({ org: { uuid: 'o', pad: 'x'.repeat(4096) } });
      server.on(path, () => ({ body: big }));

      const error = await rejectsWith(
        small.getOrg(),
        RhombusErrorCode.BadResponse,
      );
      assert.match(error.message, /larger than/);
    });

    it('stops reading a chunked reply once it passes the cap', async () => {
      const small = new RhombusRestClient({
        restUrl: server.restUrl,
        apiKey: KEY,
        maxReplyBytes: 1024,
      });
      const big = JSON.stringify({ org: { uuid: 'o', pad: 'x'.repeat(4096) } });
      server.on(path, () => ({
        headers: { 'Transfer-Encoding': 'chunked' },
        body: big,
      }));

      const error = await rejectsWith(
        small.getOrg(),
        RhombusErrorCode.BadResponse,
      );
      assert.match(error.message, /larger than/);
    });

    it('maps a server that never answers to Timeout', async () => {
      const impatient = new RhombusRestClient({
        restUrl: server.restUrl,
        apiKey: KEY,
        timeoutMs: 50,
      });
      server.on(path, () => 'hang');

      const error = await rejectsWith(
        impatient.getOrg(),
        RhombusErrorCode.Timeout,
      );
      assert.match(error.message, /within 50 ms/);
    });

    it('maps a refused connection to Network', async () => {
      const restUrl = await closedPortUrl();
      const unreachable = new RhombusRestClient({ restUrl, apiKey: KEY });

      const error = await rejectsWith(
        unreachable.getOrg(),
        RhombusErrorCode.Network,
      );
      assert.match(error.message, /ECONNREFUSED/);
    });
  });

  describe('options', () => {
    const restUrl = 'https://api2.rhombussystems.com/api';

    it('rejects a plain-HTTP REST base that is not loopback', () => {
      assert.throws(
        () =>
          new RhombusRestClient({
            restUrl: 'http://example.com/api',
            apiKey: KEY,
          }),
        { code: RhombusErrorCode.BadConfig, message: /restUrl/ },
      );
    });

    it('rejects an empty API key', () => {
      assert.throws(() => new RhombusRestClient({ restUrl, apiKey: ' ' }), {
        code: RhombusErrorCode.BadConfig,
        message: /apiKey/,
      });
    });

    it('rejects a key with a line break without quoting it', () => {
      assert.throws(
        () => new RhombusRestClient({ restUrl, apiKey: `${KEY}\r\nX: y` }),
        (error: Error) =>
          isRhombusError(error) &&
          error.code === RhombusErrorCode.BadConfig &&
          !error.message.includes(KEY),
      );
    });

    it('rejects a partner org uuid that could forge a header', () => {
      assert.throws(
        () =>
          new RhombusRestClient({
            restUrl,
            apiKey: KEY,
            partnerOrgUuid: 'org\nx-evil: 1',
          }),
        { code: RhombusErrorCode.BadConfig, message: /partnerOrgUuid/ },
      );
    });

    it('rejects a non-positive timeout', () => {
      assert.throws(
        () => new RhombusRestClient({ restUrl, apiKey: KEY, timeoutMs: 0 }),
        { code: RhombusErrorCode.BadConfig, message: /timeoutMs/ },
      );
    });
  });

  describe('getLocations', () => {
    const path = '/api/location/getLocationsV2';

    it('follows lastEvaluatedKey until the last page', async () => {
      const pages: Record<string, unknown> = {
        '': {
          locations: [{ uuid: 'l1', name: 'HQ', tz: 'UTC' }],
          lastEvaluatedKey: 'k1',
        },
        k1: {
          locations: [{ uuid: 'l2', name: 'Depot' }],
          lastEvaluatedKey: 'k2',
        },
        k2: { locations: [{ uuid: 'l3', name: 'Shop' }] },
      };
      server.on(path, (request) => {
        const key = String(JSON.parse(request.body).lastEvaluatedKey ?? '');
        return { body: JSON.stringify(pages[key]) };
      });

      const locations = await client.getLocations();

      assert.deepEqual(locations, [
        { uuid: 'l1', name: 'HQ', tz: 'UTC' },
        { uuid: 'l2', name: 'Depot' },
        { uuid: 'l3', name: 'Shop' },
      ]);
      const keys = server
        .seen(path)
        .map((request) => JSON.parse(request.body).lastEvaluatedKey);
      assert.deepEqual(keys, [undefined, 'k1', 'k2']);
    });

    it('stops when the server repeats a page key', async () => {
      server.json(path, {
        locations: [{ uuid: 'l1', name: 'HQ' }],
        lastEvaluatedKey: 'same',
      });

      await client.getLocations();

      assert.equal(server.seen(path).length, 2);
    });

    it('stops after the page cap', async () => {
      let page = 0;
      server.on(path, () => ({
        body: JSON.stringify({ locations: [], lastEvaluatedKey: `k${++page}` }),
      }));

      await client.getLocations();

      assert.equal(server.seen(path).length, 50);
    });
  });

  describe('getDevices', () => {
    function serveAllKinds(): void {
      server
        .json('/api/camera/getMinimalCameraStateList', {
          cameraStates: [
            { uuid: 'cam1', name: 'Lobby', locationUuid: 'l1' },
            { name: 'no id' },
          ],
        })
        .json('/api/door/getMinimalDoorStateList', {
          doorStates: [{ sensorUuid: 'door1', name: 'Back door' }],
        })
        .json('/api/climate/getMinimalClimateStateList', { climateStates: [] })
        .json('/api/button/getMinimalButtonStateList', {
          states: [{ sensorUuid: 'btn1', name: 'Panic' }],
        })
        .json('/api/occupancy/getMinimalOccupancySensorStateList', {
          occupancySensorStates: null,
        })
        .json('/api/proximity/getMinimalProximityStateList', {
          proximityStates: [{ tagUuid: 'tag1', name: 'Forklift' }],
        })
        .json('/api/badgereader/getMinimalStateList', {
          minimalStates: [{ uuid: 'br1', name: 'Reader' }],
        })
        .json('/api/doorbellcamera/getMinimalStateList', {
          minimalStates: [{ uuid: 'cam1', name: 'Lobby again' }],
        })
        .json('/api/audiogateway/getMinimalAudioGatewayStateList', {
          audioGatewayStates: [{ uuid: 'ag1', name: 'Speaker' }],
        });
    }

    it('lists every kind, keyed by its own id field, once each', async () => {
      serveAllKinds();

      const devices = await client.getDevices();

      assert.deepEqual(devices, [
        { uuid: 'cam1', name: 'Lobby', kind: 'camera', locationUuid: 'l1' },
        { uuid: 'door1', name: 'Back door', kind: 'door' },
        { uuid: 'btn1', name: 'Panic', kind: 'button' },
        { uuid: 'tag1', name: 'Forklift', kind: 'proximity' },
        { uuid: 'br1', name: 'Reader', kind: 'badge-reader' },
        { uuid: 'ag1', name: 'Speaker', kind: 'audio-gateway' },
      ]);
    });

    it('skips kinds answering 403, 404 or an in-band error', async () => {
      serveAllKinds();
      server
        .on('/api/door/getMinimalDoorStateList', () => ({ status: 403 }))
        .on('/api/button/getMinimalButtonStateList', () => ({ status: 404 }))
        .json('/api/badgereader/getMinimalStateList', {
          error: true,
          errorMsg: 'feature not enabled',
        });

      const { devices, skipped } = await client.getDeviceList();

      assert.deepEqual(
        devices.map((device) => device.uuid),
        ['cam1', 'tag1', 'ag1'],
      );
      assert.deepEqual(
        skipped.map((entry) => entry.kind),
        ['door', 'button', 'badge-reader'],
      );
    });

    it('fails the whole list when one kind answers 401', async () => {
      serveAllKinds();
      server.on('/api/climate/getMinimalClimateStateList', () => ({
        status: 401,
      }));

      await rejectsWith(client.getDevices(), RhombusErrorCode.AuthRejected);
    });

    it('fails the whole list when one kind answers 500', async () => {
      serveAllKinds();
      server.on('/api/door/getMinimalDoorStateList', () => ({ status: 500 }));

      await rejectsWith(client.getDevices(), RhombusErrorCode.HttpStatus);
    });
  });

  describe('policy alerts', () => {
    it('asks for alerts in a window and returns the alert objects', async () => {
      server.json('/api/event/getPolicyAlertsV2', {
        policyAlerts: [{ uuid: 'a1' }, 'junk', { uuid: 'a2' }],
      });

      const alerts = await client.getPolicyAlerts({
        afterTimestampMs: 1000,
        maxResults: 5,
      });

      assert.deepEqual(alerts, [{ uuid: 'a1' }, { uuid: 'a2' }]);
      const [request] = server.seen('/api/event/getPolicyAlertsV2');
      assert.deepEqual(JSON.parse(request.body), {
        afterTimestampMs: 1000,
        maxResults: 5,
      });
    });

    it('returns the details of one alert', async () => {
      server.json('/api/event/getPolicyAlertDetails', {
        policyAlert: { uuid: 'a1', policyAlertTriggers: ['MOTION_HUMAN'] },
      });

      const details = await client.getPolicyAlertDetails('a1');

      assert.deepEqual(details.policyAlertTriggers, ['MOTION_HUMAN']);
      const [request] = server.seen('/api/event/getPolicyAlertDetails');
      assert.deepEqual(JSON.parse(request.body), { policyAlertUuid: 'a1' });
    });

    it('rejects details without a policyAlert as BadResponse', async () => {
      server.json('/api/event/getPolicyAlertDetails', {});

      await rejectsWith(
        client.getPolicyAlertDetails('a1'),
        RhombusErrorCode.BadResponse,
      );
    });
  });

  describe('frames', () => {
    it('asks for the frame URI of a camera at an instant', async () => {
      server.json('/api/video/getExactFrameUri', { frameUri: 'https://x/f' });

      const uri = await client.getFrameUri('cam1', 1700000000123.4, {
        downscaleFactor: 2,
      });

      assert.equal(uri, 'https://x/f');
      const [request] = server.seen('/api/video/getExactFrameUri');
      assert.deepEqual(JSON.parse(request.body), {
        cameraUuid: 'cam1',
        timestampMs: 1700000000123,
        downscaleFactor: 2,
      });
    });

    it('downloads a JPEG with the key headers', async () => {
      server.on('/media/frame.jpg', () => ({
        headers: { 'Content-Type': 'image/jpeg' },
        body: JPEG,
      }));

      const bytes = await client.fetchFrame(`${server.origin}/media/frame.jpg`);

      assert.deepEqual(bytes, JPEG);
      const [request] = server.seen('/media/frame.jpg');
      assert.equal(request.method, 'GET');
      assert.equal(request.headers['x-auth-apikey'], KEY);
      assert.equal(request.headers['x-auth-scheme'], 'api-token');
    });

    it('rejects a frame that is not a JPEG', async () => {
      server.on('/media/frame.jpg', () => ({
        headers: { 'Content-Type': 'image/jpeg' },
        body: Buffer.from('GIF89a'),
      }));

      await rejectsWith(
        client.fetchFrame(`${server.origin}/media/frame.jpg`),
        RhombusErrorCode.BadResponse,
      );
    });

    it('rejects a frame reply of another content type', async () => {
      server.on('/media/frame.jpg', () => ({
        headers: { 'Content-Type': 'text/html' },
        body: JPEG,
      }));

      await rejectsWith(
        client.fetchFrame(`${server.origin}/media/frame.jpg`),
        RhombusErrorCode.BadResponse,
      );
    });

    it('rejects a frame over the size cap', async () => {
      const small = new RhombusRestClient({
        restUrl: server.restUrl,
        apiKey: KEY,
        maxFrameBytes: 16,
      });
      server.on('/media/frame.jpg', () => ({
        body: Buffer.concat([JPEG, Buffer.alloc(64)]),
      }));

      await rejectsWith(
        small.fetchFrame(`${server.origin}/media/frame.jpg`),
        RhombusErrorCode.BadResponse,
      );
    });

    it('does not send the key to a host outside Rhombus', async () => {
      const error = await rejectsWith(
        client.fetchFrame('https://example.com/frame.jpg'),
        RhombusErrorCode.BadResponse,
      );
      assert.match(error.message, /not a Rhombus host/);
    });

    it('follows one redirect without the key', async () => {
      server
        .on('/media/frame.jpg', () => ({
          status: 302,
          headers: { Location: '/signed/frame.jpg' },
        }))
        .on('/signed/frame.jpg', () => ({ body: JPEG }));

      const bytes = await client.fetchFrame(`${server.origin}/media/frame.jpg`);

      assert.deepEqual(bytes, JPEG);
      const [signed] = server.seen('/signed/frame.jpg');
      assert.equal(signed.headers['x-auth-apikey'], undefined);
    });

    it('maps a frame server that never answers to Timeout', async () => {
      const impatient = new RhombusRestClient({
        restUrl: server.restUrl,
        apiKey: KEY,
        timeoutMs: 50,
      });
      server.on('/media/frame.jpg', () => 'hang');

      await rejectsWith(
        impatient.fetchFrame(`${server.origin}/media/frame.jpg`),
        RhombusErrorCode.Timeout,
      );
    });
  });
});

/** A loopback URL nothing listens on: a port that was just released. */
async function closedPortUrl(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/api`;
}
