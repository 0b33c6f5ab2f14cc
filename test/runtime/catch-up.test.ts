import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { NodeMessage } from 'node-red';

import { RhombusSimulator } from '../../src/simulator';
import { Received } from './support/collect';
import {
  alertNode,
  configNode,
  credentials,
  type FlowNode,
} from './support/flows';
import {
  ALL_NODES,
  FAST_TUNING,
  helper,
  logText,
  waitFor,
  startedSimulator,
  unloadAndStop,
} from './support/runtime';

const API_KEY = 'catch-up-key-0c4e7a';
const MISSED = 5;

interface AlertPayload {
  entityUuid?: string;
  timestampMs?: number;
  alert?: { uuid?: string };
}

describe('catch-up: alerts raised while disconnected are sent once', function () {
  let simulator: RhombusSimulator;
  let raised: Received;

  beforeEach(async function () {
    simulator = await startedSimulator({
      apiKeys: [API_KEY],
      heartBeat: [100, 100],
    });
  });

  afterEach(() => unloadAndStop(simulator));

  async function deploy(
    config: Record<string, unknown> = {},
    alert: Record<string, unknown> = {},
  ): Promise<void> {
    const flow: FlowNode[] = [
      { ...configNode(simulator), ...config },
      ...alertNode(alert),
    ];

    await helper.load(ALL_NODES, flow, credentials(API_KEY));
    raised = new Received(helper.getNode('raised'));
  }

  async function subscribed(): Promise<void> {
    await waitFor('one subscribed socket', () => {
      return (
        simulator.stats.sessionsSubscribed === 1 &&
        simulator.stats.openSockets === 1
      );
    });
  }

  async function caughtUp(): Promise<void> {
    await waitFor('the catch-up', () => /caught up on/.test(logText()));
  }

  function uuidOf(msg: NodeMessage): string {
    const payload = msg.payload as AlertPayload;
    return payload.alert?.uuid ?? payload.entityUuid ?? '';
  }

  function uuids(): string[] {
    return raised.messages.map(uuidOf);
  }

  function caughtUpUuids(): string[] {
    return raised.messages
      .filter((msg) => (msg as { caughtUp?: unknown }).caughtUp === true)
      .map(uuidOf);
  }

  /** Raises `count` alerts a millisecond apart, oldest first. */
  function raiseMissed(count: number, prefix = 'missed'): string[] {
    const startMs = Date.now();

    return Array.from({ length: count }, (_, i) => {
      const uuid = `${prefix}-${i}`;
      simulator.generateAlert({
        uuid,
        triggers: ['MOTION_HUMAN'],
        timestampMs: startMs + i,
      });
      return uuid;
    });
  }

  async function liveAlert(uuid: string): Promise<void> {
    simulator.generateAlert({ uuid, triggers: ['MOTION_HUMAN'] });
    await waitFor(`the live alert ${uuid}`, () => uuids().includes(uuid));
  }

  describe('after an outage', function () {
    it('sends each alert raised while the server was down, once, oldest first, marked caughtUp', async function () {
      await deploy();
      await subscribed();
      await liveAlert('before');

      await simulator.stop();
      const missed = raiseMissed(MISSED);
      await simulator.start();
      await subscribed();
      await caughtUp();

      assert.deepEqual(caughtUpUuids(), missed);
      assert.deepEqual(uuids(), ['before', ...missed]);
      const times = raised
        .payloads<AlertPayload>()
        .slice(1)
        .map((p) => p.timestampMs ?? 0);
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
      );
    });

    it('does not send again the alerts it had before the outage', async function () {
      await deploy();
      await subscribed();
      await liveAlert('live-1');
      await liveAlert('live-2');

      simulator.faults.rejectHandshakes(500);
      simulator.resetConnections();
      await waitFor('a refused handshake', () => {
        return simulator.stats.handshakesRejected > 0;
      });
      const missed = raiseMissed(MISSED);
      simulator.faults.clear();
      await subscribed();
      await caughtUp();

      assert.deepEqual(uuids(), ['live-1', 'live-2', ...missed]);
      assert.deepEqual(caughtUpUuids(), missed);
    });

    it('applies the alert node filter to caught-up alerts', async function () {
      await deploy({}, { triggers: ['MOTION_CAR'] });
      await subscribed();
      simulator.generateAlert({ uuid: 'live-car', triggers: ['MOTION_CAR'] });
      await waitFor('the live alert', () => uuids().includes('live-car'));

      await simulator.stop();
      simulator.generateAlert({ uuid: 'missed-person' });
      simulator.generateAlert({
        uuid: 'missed-car',
        triggers: ['MOTION_CAR'],
      });
      await simulator.start();
      await subscribed();
      await caughtUp();

      assert.deepEqual(uuids(), ['live-car', 'missed-car']);
    });

    it('sends each alert once over several outages in a row', async function () {
      await deploy();
      await subscribed();
      const expected: string[] = [];

      for (let outage = 0; outage < 3; outage++) {
        simulator.faults.rejectHandshakes(500);
        simulator.resetConnections();
        await waitFor('a refused handshake', () => {
          return simulator.stats.handshakesRejected > outage;
        });
        expected.push(...raiseMissed(2, `outage-${outage}`));
        simulator.faults.clear();
        await waitFor(`the alerts of outage ${outage}`, () => {
          return expected.every((uuid) => uuids().includes(uuid));
        });
      }

      await liveAlert('marker');
      assert.deepEqual(uuids(), [...expected, 'marker']);
    });
  });

  describe('after Node-RED restarts', function () {
    let userDir: string;

    beforeEach(function () {
      userDir = mkdtempSync(join(tmpdir(), 'rhombus-catch-up-'));
      helper.settings({ rhombus: FAST_TUNING, userDir });
    });

    afterEach(function () {
      helper.settings({ rhombus: FAST_TUNING });
      rmSync(userDir, { recursive: true, force: true });
    });

    /** Runs the flow until it saw one live alert, then stops Node-RED. */
    async function runThenStop(config: Record<string, unknown>) {
      await deploy(config);
      await subscribed();
      await liveAlert('before-restart');
      await helper.unload();
      await waitFor('the socket to close', () => {
        return simulator.stats.openSockets === 0;
      });
    }

    it('sends the alerts raised while stopped, once each, when catch-up on start is on', async function () {
      await runThenStop({ catchUpOnStart: true });

      const missed = raiseMissed(MISSED);
      await deploy({ catchUpOnStart: true });
      await subscribed();
      await caughtUp();

      assert.deepEqual(caughtUpUuids(), missed);
      assert.deepEqual(uuids(), missed, 'sent before the restart already');
    });

    it('replays nothing after a restart when catch-up on start is off', async function () {
      await runThenStop({});

      raiseMissed(MISSED);
      await deploy({});
      await subscribed();
      await liveAlert('after-restart');

      assert.deepEqual(uuids(), ['after-restart']);
      assert.doesNotMatch(logText(), /caught up on/);
    });

    it('replays nothing on the very first start, with catch-up on start on', async function () {
      raiseMissed(MISSED, 'old');

      await deploy({ catchUpOnStart: true });
      await subscribed();
      await liveAlert('first');

      assert.deepEqual(uuids(), ['first']);
      assert.doesNotMatch(logText(), /caught up on/);
    });
  });
});
