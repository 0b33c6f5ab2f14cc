import assert from 'node:assert/strict';
import { once } from 'node:events';

import { RhombusSimulator } from '../../../src/simulator';
import { TestStompClient, upgradeStatus } from './stomp-test-client';

describe('simulator WebSocket and STOMP', () => {
  const sim = new RhombusSimulator({ noPermissionKeys: ['read-only-key'] });
  const clients: TestStompClient[] = [];

  async function connect(heartBeat = '0,0'): Promise<TestStompClient> {
    const client = await TestStompClient.connect(
      sim.wsUrl,
      sim.apiKey,
      heartBeat,
    );
    clients.push(client);

    return client;
  }

  before(() => sim.start());
  after(() => sim.stop());
  afterEach(async () => {
    sim.faults.clear();
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  it('refuses the upgrade with 401 for an unknown key', async () => {
    const status = await upgradeStatus(sim.wsUrl, { 'x-auth-apikey': 'bad' });

    assert.equal(status, 401);
  });

  it('refuses the upgrade with 403 for a key without permission', async () => {
    const status = await upgradeStatus(sim.wsUrl, {
      'x-auth-apikey': 'read-only-key',
    });

    assert.equal(status, 403);
  });

  it('refuses the upgrade with an injected status until cleared', async () => {
    sim.faults.rejectHandshakes(500);
    const headers = { 'x-auth-apikey': sim.apiKey };

    const first = await upgradeStatus(sim.wsUrl, headers);
    const second = await upgradeStatus(sim.wsUrl, headers);

    assert.deepEqual([first, second], [500, 500]);
  });

  it('answers CONNECT with CONNECTED version 1.2 and its heart-beat', async () => {
    const client = await TestStompClient.open(sim.wsUrl, sim.apiKey);
    clients.push(client);
    client.send({
      command: 'CONNECT',
      headers: { 'accept-version': '1.1,1.2', host: 'x', 'heart-beat': '0,0' },
    });

    const connected = await client.next('CONNECTED');

    assert.equal(connected.headers['version'], '1.2');
    assert.equal(connected.headers['heart-beat'], '10000,10000');
  });

  it('delivers published events to a subscription as JSON MESSAGEs', async () => {
    const client = await connect();
    await client.subscribe(sim.topic, 'sub-7');

    sim.publish({ entity: 'CAMERA', type: 'UPDATE', entityUuid: 'c1' });
    const frame = await client.next('MESSAGE');

    assert.equal(frame.headers['destination'], sim.topic);
    assert.equal(frame.headers['subscription'], 'sub-7');
    assert.equal(frame.headers['content-type'], 'application/json');
    assert.ok(frame.headers['message-id']);
    assert.equal(Number(frame.headers['content-length']), frame.body.length);
    assert.deepEqual(JSON.parse(frame.body.toString()), {
      entity: 'CAMERA',
      type: 'UPDATE',
      entityUuid: 'c1',
    });
  });

  it('answers a subscription to another destination with ERROR', async () => {
    const client = await connect();

    client.send({
      command: 'SUBSCRIBE',
      headers: { id: '1', destination: '/topic/change/someone-else' },
    });
    const error = await client.next('ERROR');

    assert.ok(error.headers['message']);
    await client.closed;
  });

  it('stops delivering after UNSUBSCRIBE', async () => {
    const client = await connect();
    await client.subscribe(sim.topic, 'a');

    client.send({ command: 'UNSUBSCRIBE', headers: { id: 'a', receipt: 'u' } });
    await client.next('RECEIPT');

    assert.equal(sim.publish({ entity: 'CAMERA' }), 0);
  });

  it('sends a RECEIPT for DISCONNECT and closes the socket', async () => {
    const client = await connect();

    client.send({ command: 'DISCONNECT', headers: { receipt: 'bye' } });
    const receipt = await client.next('RECEIPT');

    assert.equal(receipt.headers['receipt-id'], 'bye');
    await client.closed;
  });

  it('sends heart-beats at the negotiated rate', async () => {
    const fast = new RhombusSimulator({ heartBeat: [20, 0] });
    await fast.start();
    const client = await TestStompClient.connect(
      fast.wsUrl,
      fast.apiKey,
      '0,20',
    );

    await client.heartBeatsReached(2);

    await client.close();
    await fast.stop();
  });

  it('closes a session whose client stays silent too long', async () => {
    const strict = new RhombusSimulator({
      heartBeat: [0, 20],
      silenceTolerance: 2,
    });
    await strict.start();
    const dropped = once(strict, 'session-closed');
    const client = await TestStompClient.connect(
      strict.wsUrl,
      strict.apiKey,
      '20,0',
    );

    await dropped;

    assert.equal(await client.closed, 1006);
    assert.equal(strict.stats.openSockets, 0);
    await strict.stop();
  });

  it('counts heart-beats and frames received', async () => {
    const client = await connect();
    const beat = once(sim, 'heart-beat');

    client.sendRaw('\n');
    await beat;

    assert.ok(sim.stats.heartBeatsReceived >= 1);
    assert.ok(sim.stats.framesReceived('CONNECT') >= 1);
  });

  it('never answers CONNECT while stallConnected is set', async () => {
    sim.faults.stallConnected(1);
    const client = await TestStompClient.open(sim.wsUrl, sim.apiKey);
    clients.push(client);
    const frame = once(sim, 'frame');

    client.send({ command: 'CONNECT', headers: { 'accept-version': '1.2' } });
    await frame;

    assert.equal(client.frames.length, 0);
    assert.equal(sim.sessions().at(-1)?.state, 'awaiting-connect');
  });

  it('closes every session after an ERROR frame on demand', async () => {
    const client = await connect();

    sim.sendErrorAndClose('maintenance');
    const error = await client.next('ERROR');

    assert.equal(error.headers['message'], 'maintenance');
    await client.closed;
  });

  it('drops every connection abruptly on resetConnections', async () => {
    const client = await connect();

    sim.resetConnections();

    assert.equal(await client.closed, 1006);
  });

  it('sends raw text to every session unchanged', async () => {
    const client = await connect();

    sim.sendRaw('RECEIPT\nreceipt-id:raw\n\n\0');
    const receipt = await client.next('RECEIPT');

    assert.equal(receipt.headers['receipt-id'], 'raw');
  });
});

describe('simulator restart', () => {
  it('listens again on the same port and accepts a new session', async () => {
    const sim = new RhombusSimulator();
    await sim.start();
    const port = sim.port;
    const client = await TestStompClient.connect(sim.wsUrl, sim.apiKey);

    await sim.restart();
    await client.closed;
    const again = await TestStompClient.connect(sim.wsUrl, sim.apiKey);

    assert.equal(sim.port, port);
    await again.close();
    await sim.stop();
  });

  it('stops idempotently', async () => {
    const sim = new RhombusSimulator();
    await sim.start();

    await Promise.all([sim.stop(), sim.stop()]);
    await sim.stop();

    assert.equal(sim.isRunning, false);
  });
});
