import assert from 'node:assert/strict';

import type { RhombusConfigNode } from '../../src/nodes/config-node';
import { RhombusSimulator } from '../../src/simulator';
import {
  alertNode,
  CONFIG_ID,
  configNode,
  credentials,
  eventsNodes,
  type FlowNode,
} from './support/flows';
import { ALL_NODES, FAST_TUNING, helper, waitFor } from './support/runtime';
import {
  collectGarbage,
  forgetSpiedCalls,
  measure,
  TimerWatch,
  type ResourceFigures,
} from './support/resources';

const API_KEY = 'churn-key-3e8a42';
const CYCLES = 200;
/** Cycles run before the baseline, so that one-time set-up is counted in. */
const WARM_UP_CYCLES = 50;

/**
 * Heap growth allowed over the 200 cycles. It is not zero: code gets
 * optimised as it runs, and each REST call's 15 s deadline timer keeps
 * its abort signal alive for 15 s after the call. Whether anything the
 * nodes create outlives them is checked exactly, by weak references.
 */
const HEAP_SLACK_BYTES = 6 * 1024 * 1024;

/** Handle types that must not outnumber the baseline afterwards. */
const COUNTED_HANDLES = ['Timeout', 'TCPSocketWrap', 'TCPServerWrap'];

/**
 * The shipped linger: a modified-nodes deploy stops the nodes and starts
 * their replacements a moment later, and a garbage collection in between
 * can outlast the 50 ms of the fast test timings, opening a new socket.
 */
const CHURN_TUNING = { ...FAST_TUNING, lingerMs: 2_000 };

/** Weak references to objects, each counted once, to see which survive. */
class Survivors {
  private readonly seen = new WeakSet<object>();
  private readonly refs: WeakRef<object>[] = [];

  track(target: object | undefined): void {
    if (target === undefined || this.seen.has(target)) return;

    this.seen.add(target);
    this.refs.push(new WeakRef(target));
  }

  get tracked(): number {
    return this.refs.length;
  }

  /** How many are still reachable; run a collection first. */
  alive(): number {
    return this.refs.filter((ref) => ref.deref() !== undefined).length;
  }
}

describe('churn: 200 deploys leave sockets, timers, listeners and memory as they were', function () {
  this.timeout(120_000);
  let simulator: RhombusSimulator;
  const configs = new Survivors();
  const connections = new Survivors();
  const flowNodes = new Survivors();

  before(async function () {
    helper.settings({ rhombus: CHURN_TUNING });
    simulator = new RhombusSimulator({
      apiKeys: [API_KEY],
      // Slow enough that a collection pause is not taken for a dead link.
      heartBeat: [1000, 1000],
    });
    await simulator.start();
  });

  after(async function () {
    await helper.unload();
    await simulator.stop();
    helper.settings({ rhombus: FAST_TUNING });
  });

  /** Ten Rhombus nodes: seven events nodes and three alert nodes. */
  function flow(cycle: number): FlowNode[] {
    const name = `cycle ${cycle}`;
    const alerts = [0, 1, 2].flatMap((i) =>
      alertNode({ name }).map((node) => withSuffix(node, i)),
    );

    return [
      configNode(simulator),
      ...eventsNodes(7, { name, topic: `t/${cycle}` }),
      ...alerts,
    ];
  }

  /** A copy of a flow entry whose own and wired ids end in `-i`. */
  function withSuffix(node: FlowNode, i: number): FlowNode {
    const wires = node.wires as string[][] | undefined;
    const renamed: FlowNode = { ...node, id: `${node.id}-${i}` };

    if (wires) renamed.wires = wires.map((w) => w.map((id) => `${id}-${i}`));
    return renamed;
  }

  async function subscribed(): Promise<void> {
    await waitFor('one subscribed socket', () => {
      return (
        simulator.stats.sessionsSubscribed === 1 &&
        simulator.stats.openSockets === 1
      );
    });
  }

  function trackCurrentObjects(): void {
    const config = helper.getNode(CONFIG_ID) as RhombusConfigNode;

    configs.track(config);
    connections.track(config.account.liveConnection);
    flowNodes.track(helper.getNode('events-0'));
    flowNodes.track(helper.getNode('alert-0'));
  }

  /**
   * The test helper gives a deploy 300 ms to start the flows and then
   * rejects, though the deploy goes on; on a loaded machine a full deploy
   * can take longer. This waits for the new nodes instead.
   */
  async function redeploy(cycle: number, kind: 'full' | 'nodes') {
    try {
      await helper.setFlows(flow(cycle), kind, credentials(API_KEY));
    } catch (error) {
      if (!/timeout waiting event/.test(String(error))) throw error;
    }

    await waitFor(`the nodes of cycle ${cycle}`, () => {
      return helper.getNode('events-0')?.name === `cycle ${cycle}`;
    });
  }

  /** Deploys, alternating full and modified-nodes, each time connected. */
  async function deployCycles(from: number, count: number): Promise<void> {
    for (let cycle = from; cycle < from + count; cycle++) {
      const kind = cycle % 2 === 0 ? 'full' : 'nodes';

      await redeploy(cycle, kind);
      await waitFor(`cycle ${cycle} connected`, () => {
        const config = helper.getNode(CONFIG_ID) as RhombusConfigNode;
        return config.account.liveConnection?.status.state === 'connected';
      });
      await subscribed();
      trackCurrentObjects();
    }
  }

  /** The figures once the connection is steady, with spied calls dropped. */
  async function settled(): Promise<ResourceFigures> {
    await subscribed();
    forgetSpiedCalls(helper.log());
    return measure();
  }

  function assertNoMoreHandles(
    baseline: Readonly<Record<string, number>>,
    now: Readonly<Record<string, number>>,
  ): void {
    for (const type of COUNTED_HANDLES) {
      const count = now[type] ?? 0;

      assert.ok(
        count <= (baseline[type] ?? 0),
        `${type} handles: ${JSON.stringify(now)} against ` +
          JSON.stringify(baseline),
      );
    }
  }

  it(`comes back to its baseline after ${CYCLES} full and modified-nodes deploys of 10 nodes`, async function () {
    const timers = new TimerWatch();
    timers.start();
    await helper.load(ALL_NODES, flow(0), credentials(API_KEY));
    await deployCycles(1, WARM_UP_CYCLES);
    const baseline = await settled();
    const handshakesBefore = simulator.stats.handshakesAccepted;

    await deployCycles(WARM_UP_CYCLES + 1, CYCLES);
    const after = await settled();

    assert.equal(simulator.stats.openSockets, 1);
    assert.equal(
      simulator.stats.handshakesAccepted - handshakesBefore,
      CYCLES / 2,
      'one new socket per full deploy, none per modified-nodes deploy',
    );
    assertNoMoreHandles(baseline.handles, after.handles);
    assert.equal(after.processListeners, baseline.processListeners);
    assert.equal(after.runtimeListeners, baseline.runtimeListeners);
    const grewBy = after.heapBytes - baseline.heapBytes;
    assert.ok(
      grewBy < HEAP_SLACK_BYTES,
      `heap grew by ${Math.round(grewBy / 1024)} kB`,
    );

    assert.equal(connections.tracked, CYCLES / 2 + WARM_UP_CYCLES / 2 + 1);
    assert.equal(configs.alive(), 1, 'config nodes still reachable');
    assert.equal(connections.alive(), 1, 'connections still reachable');
    assert.equal(flowNodes.alive(), 2, 'flow nodes still reachable');

    await helper.unload();
    await waitFor('the socket to close', () => {
      return simulator.stats.openSockets === 0;
    });
    forgetSpiedCalls(helper.log());
    collectGarbage();
    assert.equal(connections.alive(), 0, 'connections after stopping');
    // Sockets kept alive by fetch's pool close on their own later; timers
    // must be gone at once.
    timers.stop();
    assert.deepEqual(timers.refTimers(), [], 'timers left pending');
  });
});
