import assert from 'node:assert/strict';

import { RhombusSimulator } from '../../src/simulator';
import {
  CONFIG_ID,
  configNode,
  credentials,
  eventsNodes,
} from './support/flows';
import {
  ALL_NODES,
  helper,
  startedSimulator,
  unloadAndStop,
} from './support/runtime';

const API_KEY = 'catalog-test-key-5d21';

interface Catalog {
  devices: Array<{ uuid: string; name: string; kind: string }>;
  locations: Array<{ uuid: string; name: string }>;
}

describe('the device and location pickers (POST /rhombus/catalog)', function () {
  let simulator: RhombusSimulator;

  beforeEach(async function () {
    simulator = await startedSimulator({ apiKeys: [API_KEY] });
  });

  afterEach(() => unloadAndStop(simulator));

  async function deploy(): Promise<void> {
    await helper.load(
      ALL_NODES,
      [configNode(simulator), ...eventsNodes(1)],
      credentials(API_KEY),
    );
  }

  it('lists the cameras, other devices and locations of a deployed account', async function () {
    await deploy();

    const response = await helper
      .request()
      .post('/rhombus/catalog')
      .send({ configId: CONFIG_ID, apiKey: '__PWRD__' });

    assert.equal(response.status, 200);
    const catalog = response.body as Catalog;
    const names = catalog.devices.map((d) => d.name);
    for (const camera of simulator.org.cameras) {
      assert.ok(names.includes(camera.name), `${camera.name} listed`);
    }
    assert.ok(catalog.devices.some((d) => d.kind === 'door'));
    assert.deepEqual(
      catalog.locations.map((l) => l.name).sort(),
      simulator.org.locations.map((l) => l.name).sort(),
    );
  });

  it('uses the key being typed for a config node not yet deployed', async function () {
    await deploy();

    const response = await helper.request().post('/rhombus/catalog').send({
      configId: 'not-deployed-yet',
      region: 'custom',
      restUrl: simulator.restUrl,
      wsUrl: simulator.wsUrl,
      apiKey: API_KEY,
    });

    assert.equal(response.status, 200);
    assert.equal(
      (response.body as Catalog).locations.length,
      simulator.org.locations.length,
    );
  });

  it('says what to do when there is neither a deployed node nor a key', async function () {
    await deploy();

    const response = await helper.request().post('/rhombus/catalog').send({
      configId: 'not-deployed-yet',
      region: 'us',
    });

    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      code: 'NEEDS_KEY',
      error: 'Enter the API key, or deploy the config node first',
    });
  });

  it('reports a rejected key without echoing it', async function () {
    await deploy();

    const response = await helper.request().post('/rhombus/catalog').send({
      region: 'custom',
      restUrl: simulator.restUrl,
      wsUrl: simulator.wsUrl,
      apiKey: 'typed-but-wrong-key',
    });

    assert.equal(response.status, 502);
    assert.equal((response.body as { code: string }).code, 'AUTH_REJECTED');
    assert.ok(!JSON.stringify(response.body).includes('typed-but-wrong-key'));
  });

  it('lists the demo organisation for an undeployed simulator account', async function () {
    await deploy();

    const response = await helper.request().post('/rhombus/catalog').send({
      region: 'simulator',
    });

    assert.equal(response.status, 200);
    assert.ok((response.body as Catalog).devices.length > 0);
  });
});
