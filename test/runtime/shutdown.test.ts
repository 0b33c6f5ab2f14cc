import assert from 'node:assert/strict';

import type { RhombusConfigNode } from '../../src/nodes/config-node';
import { RhombusSimulator } from '../../src/simulator';
import {
  configNode,
  CONFIG_ID,
  credentials,
  eventsNodes,
  type FlowNode,
} from './support/flows';
import {
  ALL_NODES,
  FAST_TUNING,
  helper,
  waitFor,
  startedSimulator,
  unloadAndStop,
} from './support/runtime';
import { StubRhombus } from './support/stub-rhombus';

const API_KEY = 'shutdown-key-51f0c3';

/** The promise of the issue: stopping Node-RED takes at most this. */
const STOP_BUDGET_MS = 2_000;

/**
 * Timings as shipped wherever they decide how long a stop could take: a
 * stop that waited for the connect timeout (15 s) or a backoff (10 s here)
 * would blow the budget, not hide under a short test setting.
 */
const SHIPPED_TIMINGS = {
  ...FAST_TUNING,
  connectTimeoutMs: 15_000,
  retry: { initialMs: 10_000, maxMs: 10_000 },
  rejectedRetry: { initialMs: 10_000, maxMs: 10_000 },
};

describe('shutdown: stopping Node-RED takes under 2 s in every state', function () {
  let simulator: RhombusSimulator;

  before(function () {
    helper.settings({ rhombus: SHIPPED_TIMINGS });
  });

  after(function () {
    helper.settings({ rhombus: FAST_TUNING });
  });

  beforeEach(async function () {
    simulator = await startedSimulator({
      apiKeys: [API_KEY],
      heartBeat: [100, 100],
    });
  });

  afterEach(() => unloadAndStop(simulator));

  async function deploy(flow: FlowNode[] = [configNode(simulator)]) {
    await helper.load(
      ALL_NODES,
      [...flow, ...eventsNodes(3)],
      credentials(API_KEY),
    );
  }

  /** Stops the flows as Node-RED does on shutdown; returns how long. */
  async function timedStop(): Promise<number> {
    const startedAt = Date.now();

    await helper.clearFlows();
    return Date.now() - startedAt;
  }

  /** The state of the config node's pooled connection, once it exists. */
  function connectionState(): string | undefined {
    const config = helper.getNode(CONFIG_ID) as RhombusConfigNode;
    return config.account.liveConnection?.status.state;
  }

  async function stateIs(state: string): Promise<void> {
    await waitFor(`the connection ${state}`, () => connectionState() === state);
  }

  function assertWithinBudget(tookMs: number): void {
    assert.ok(tookMs < STOP_BUDGET_MS, `stopping took ${tookMs} ms`);
  }

  it('sends DISCONNECT before the socket closes when connected', async function () {
    const order: string[] = [];
    simulator.on('frame', (_session, frame) => order.push(frame.command));
    simulator.on('session-closed', () => order.push('socket closed'));
    await deploy();
    await waitFor('a subscribed session', () => {
      return simulator.stats.sessionsSubscribed === 1;
    });

    assertWithinBudget(await timedStop());

    await waitFor('the socket to close', () => order.includes('socket closed'));
    assert.deepEqual(order.slice(-2), ['DISCONNECT', 'socket closed']);
    assert.equal(simulator.stats.framesReceived('DISCONNECT'), 1);
  });

  it('stops within budget while waiting for CONNECTED', async function () {
    simulator.faults.stallConnected();
    await deploy();
    await waitFor('an open socket', () => simulator.stats.openSockets === 1);

    assertWithinBudget(await timedStop());
    await waitFor('the socket to close', () => {
      return simulator.stats.openSockets === 0;
    });
  });

  it('stops within budget while the WebSocket upgrade hangs', async function () {
    let stalled = false;
    simulator.once('upgrade-stalled', () => (stalled = true));
    simulator.faults.stallUpgrade();
    await deploy();
    await waitFor('a stalled upgrade', () => stalled);

    assertWithinBudget(await timedStop());
  });

  it('stops within budget while backing off after a refused handshake', async function () {
    simulator.faults.rejectHandshakes(500);
    await deploy();
    await stateIs('reconnecting');

    assertWithinBudget(await timedStop());
    assert.equal(simulator.stats.handshakesRejected, 1);
  });

  it('stops within budget while backing off after the key was rejected', async function () {
    simulator.faults.rejectHandshakes(401);
    await deploy();
    await stateIs('rejected');

    assertWithinBudget(await timedStop());
  });

  describe('against a server that misbehaves', function () {
    let stub: StubRhombus;

    beforeEach(async function () {
      stub = new StubRhombus();
      await stub.start();
    });

    afterEach(() => unloadAndStop(stub));

    it('stops within budget while the organisation look-up hangs', async function () {
      stub.behaviour.restHangs = true;
      await deploy([configNode(stub)]);
      await waitFor('the look-up', () => stub.restCalls.length > 0);

      assertWithinBudget(await timedStop());
      assert.equal(stub.upgrades, 0);
    });

    it('stops within budget when the connected server has died', async function () {
      stub.behaviour.diesAfterConnected = true;
      await deploy([configNode(stub)]);
      await stateIs('connected');

      assertWithinBudget(await timedStop());
    });
  });
});
