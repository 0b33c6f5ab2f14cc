import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RhombusSimulator } from '../../src/simulator';
import { NodeRedProcess } from './support/node-red-process';
import { waitFor } from './support/runtime';

const API_KEY = 'admin-auth-key-e41b07d9';
const ADMIN_TOKEN = 'admin-token-0d5c';
const READER_TOKEN = 'reader-token-9a1f';

/**
 * Admin authentication as a settings file declares it: no login users,
 * only bearer tokens, one with every permission and one read-only.
 */
const ADMIN_AUTH = `adminAuth: {
    type: 'credentials',
    users: [],
    tokens: function (token) {
      if (token === ${JSON.stringify(ADMIN_TOKEN)}) {
        return Promise.resolve({ username: 'admin', permissions: '*' });
      }
      if (token === ${JSON.stringify(READER_TOKEN)}) {
        return Promise.resolve({ username: 'reader', permissions: 'read' });
      }
      return Promise.resolve(null);
    },
  },`;

describe('admin endpoints in a real Node-RED with admin authentication', function () {
  this.timeout(60_000);
  let red: NodeRedProcess;
  let simulator: RhombusSimulator;

  before(async function () {
    simulator = new RhombusSimulator({ apiKeys: [API_KEY] });
    await simulator.start();
    red = new NodeRedProcess({ extraSettings: ADMIN_AUTH });
    await red.start();
    await deploy();
  });

  after(async function () {
    await red?.stop();
    await simulator?.stop();
  });

  /** A flow with the key in the config node's credentials, as the editor sends it. */
  async function deploy(): Promise<void> {
    const flow = [
      { id: 'tab', type: 'tab', label: 'Rhombus' },
      {
        id: 'account',
        type: 'rhombus-config',
        name: 'Rhombus account',
        region: 'custom',
        restUrl: simulator.restUrl,
        wsUrl: simulator.wsUrl,
        credentials: { apiKey: API_KEY },
      },
      {
        id: 'alert',
        type: 'rhombus-alert',
        z: 'tab',
        config: 'account',
        x: 100,
        y: 100,
        wires: [[], []],
      },
    ];

    const response = await red.request('POST', '/flows', flow, ADMIN_TOKEN);
    assert.ok(response.status < 300, `deploy answered ${response.status}`);
    await waitFor(
      'the flow to connect',
      () => simulator.stats.sessionsSubscribed === 1,
      20_000,
    );
  }

  describe('POST /rhombus/catalog', function () {
    const query = { configId: 'account' };

    it('refuses a caller without a token', async function () {
      const response = await red.request('POST', '/rhombus/catalog', query);

      assert.equal(response.status, 401);
    });

    it('refuses a caller with an unknown token', async function () {
      const response = await red.request(
        'POST',
        '/rhombus/catalog',
        query,
        'not-a-token',
      );

      assert.equal(response.status, 401);
    });

    it('answers a caller with read permission', async function () {
      const response = await red.request(
        'POST',
        '/rhombus/catalog',
        query,
        READER_TOKEN,
      );

      assert.equal(response.status, 200, response.text);
      const catalog = JSON.parse(response.text) as { devices: unknown[] };
      assert.ok(catalog.devices.length > 0);
      assert.ok(!response.text.includes(API_KEY));
    });
  });

  describe('POST /rhombus-alert/:id/sample', function () {
    it('refuses a caller without a token', async function () {
      const response = await red.request('POST', '/rhombus-alert/alert/sample');

      assert.equal(response.status, 401);
    });

    it('refuses a caller with read permission only', async function () {
      const response = await red.request(
        'POST',
        '/rhombus-alert/alert/sample',
        undefined,
        READER_TOKEN,
      );

      assert.equal(response.status, 401);
    });

    it('sends a sample for a caller with write permission', async function () {
      const response = await red.request(
        'POST',
        '/rhombus-alert/alert/sample',
        undefined,
        ADMIN_TOKEN,
      );

      assert.equal(response.status, 200);
    });
  });

  describe('the API key', function () {
    it('is not in the flow export', async function () {
      const response = await red.request(
        'GET',
        '/flows',
        undefined,
        ADMIN_TOKEN,
      );

      assert.equal(response.status, 200);
      assert.match(response.text, /rhombus-config/);
      assert.ok(!response.text.includes(API_KEY), 'the key is in GET /flows');
    });

    it('is not sent back to the editor, which only learns that one is set', async function () {
      const response = await red.request(
        'GET',
        '/credentials/rhombus-config/account',
        undefined,
        ADMIN_TOKEN,
      );

      assert.equal(response.status, 200);
      assert.deepEqual(JSON.parse(response.text), { has_apiKey: true });
    });

    it('is stored encrypted, and nowhere in the runtime log', function () {
      const stored = readFileSync(join(red.userDir, 'flows_cred.json'), 'utf8');

      assert.ok(!stored.includes(API_KEY), 'the key is stored in clear');
      assert.ok(!red.log.includes(API_KEY), 'the key is in the log');
    });
  });
});
