import assert from 'node:assert/strict';

import { RhombusSimulator } from '../../src/simulator';
import { FaultStage } from './support/fault-stage';
import { ProcessGuard } from './support/process-guard';
import { helper, logText, waitFor } from './support/runtime';
import { Transcript } from './support/transcript';

const API_KEY = 'fault-suite-key-6b2d90e1';

/** One MiB: the default largest message a session accepts. */
const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

describe('fault suite: every fault ends in recovery, with nothing lost', function () {
  const transcript = new Transcript();
  const guard = new ProcessGuard();
  let simulator: RhombusSimulator;
  let stage: FaultStage;

  before(function () {
    guard.install();
  });

  after(function () {
    guard.uninstall();
  });

  beforeEach(async function () {
    simulator = new RhombusSimulator({
      apiKeys: [API_KEY],
      // Lost within a second when the server goes silent, yet not taken
      // for dead when a loaded machine pauses the event loop a moment.
      heartBeat: [500, 500],
    });
    await simulator.start();
    stage = new FaultStage(simulator, API_KEY, guard);
  });

  afterEach(async function () {
    transcript.record();
    await helper.unload();
    await simulator.stop();
  });

  /** The raw MESSAGE frame the server would send, minus its end. */
  function messageHead(extraHeaders = ''): string {
    const session = simulator.sessions()[0];
    const subscription = session.subscriptions[0];

    return (
      `MESSAGE\ndestination:${subscription.destination}\n` +
      `subscription:${subscription.id}\nmessage-id:raw-1\n${extraHeaders}\n`
    );
  }

  describe('the connection is lost', function () {
    it('recovers from a server restart mid-stream, catching up on alerts raised while down', async function () {
      await stage.flowing();

      await simulator.stop();
      await stage.statusShown(/reconnecting/, 'yellow');
      stage.raiseAlert();
      stage.raiseAlert();
      await simulator.start();

      await stage.assertRecovered(true);
    });

    it('recovers from a connection reset', async function () {
      await stage.flowing();

      simulator.resetConnections();
      stage.raiseAlert();

      await stage.statusShown(/reconnecting/, 'yellow');
      await stage.assertRecovered(true);
    });

    it('recovers from a half-open socket: the server silent, TCP still open', async function () {
      await stage.flowing();

      simulator.goSilent();
      stage.raiseAlert();

      await stage.statusShown(/reconnecting/, 'yellow');
      await stage.assertRecovered(true);
      assert.match(logText(), /heart-beat/);
    });

    it('recovers from an ERROR frame, and logs its message', async function () {
      await stage.flowing();

      simulator.sendErrorAndClose('Simulated broker failure');
      stage.raiseAlert();

      await stage.statusShown(/reconnecting/, 'yellow');
      await stage.assertRecovered(true);
      assert.match(logText(), /ERROR frame: Simulated broker failure/);
    });

    it('recovers from an ERROR frame that echoes the API key, without showing the key', async function () {
      await stage.flowing();

      simulator.sendErrorAndClose(`invalid key ${API_KEY}`);

      await stage.statusShown(/reconnecting/, 'yellow');
      await stage.assertRecovered(true);
      assert.match(logText(), /ERROR frame: invalid key/);
      assert.ok(!logText().includes(API_KEY), 'the key is in the log');
    });

    for (const status of [401, 403]) {
      it(`says the key was rejected when the handshake is refused with ${status}, then recovers`, async function () {
        await stage.flowing();

        simulator.faults.rejectHandshakes(status);
        simulator.resetConnections();
        await stage.statusShown(/rejected/, 'red');
        stage.raiseAlert();
        simulator.faults.clear();

        await stage.assertRecovered(true);
      });
    }

    it('retries when the handshake is refused with 500, then recovers', async function () {
      await stage.flowing();

      simulator.faults.rejectHandshakes(500);
      simulator.resetConnections();
      await waitFor('two refused handshakes', () => {
        return simulator.stats.handshakesRejected >= 2;
      });
      stage.raiseAlert();
      simulator.faults.clear();

      await stage.statusShown(/reconnecting/, 'yellow');
      await stage.assertRecovered(true);
      assert.match(logText(), /refused the connection \(500\)/);
    });

    it('gives up on a handshake that never answers, and tries again', async function () {
      await stage.flowing();

      simulator.faults.stallUpgrade(1);
      simulator.resetConnections();
      stage.raiseAlert();

      await stage.statusShown(/reconnecting/, 'yellow');
      await stage.assertRecovered(true);
      assert.match(logText(), /did not complete the STOMP handshake in time/);
    });

    it('gives up on a CONNECT that is never answered, and tries again', async function () {
      await stage.flowing();

      simulator.faults.stallConnected(1);
      simulator.resetConnections();
      stage.raiseAlert();

      await stage.statusShown(/reconnecting/, 'yellow');
      await stage.assertRecovered(true);
      assert.match(logText(), /did not complete the STOMP handshake in time/);
    });

    it('ends the session on a message over the 1 MiB limit, and reconnects', async function () {
      await stage.flowing();

      simulator.sendRaw(
        `${messageHead()}${'x'.repeat(DEFAULT_MAX_MESSAGE_BYTES)}\0`,
      );

      await stage.statusShown(/reconnecting/, 'yellow');
      await stage.assertRecovered(true);
      assert.match(logText(), /Max payload size exceeded/);
    });
  });

  describe('REST fails', function () {
    it('honours Retry-After when REST answers 429, showing it is rate limited', async function () {
      simulator.faults.rateLimit(1, 1);

      await stage.deploy();
      const limitedAt = Date.now();
      await stage.statusShown(/rateLimited|rate limited/, 'yellow');
      await stage.subscribed();

      const waitedMs = Date.now() - limitedAt;
      assert.ok(waitedMs >= 900, `retried after ${waitedMs} ms`);
      assert.equal(simulator.stats.restCalls('/org/getOrgV2'), 2);
      await stage.assertRecovered(false);
    });

    it('retries when REST answers 503', async function () {
      simulator.faults.failRest(1, 503);

      await stage.deploy();
      await stage.statusShown(/reconnecting/, 'yellow');

      await stage.assertRecovered(false);
      assert.match(logText(), /503/);
    });

    it('retries when REST answers {error: true} with status 200', async function () {
      simulator.faults.inBandError('/org/getOrgV2', 1, 'Simulated outage');

      await stage.deploy();
      await stage.statusShown(/reconnecting/, 'yellow');

      await stage.assertRecovered(false);
      assert.match(logText(), /Simulated outage/);
    });

    it('still catches up when the catch-up look-up is rate limited once', async function () {
      this.timeout(15_000);
      await stage.flowing();

      simulator.faults.rejectHandshakes(500);
      simulator.resetConnections();
      await stage.statusShown(/reconnecting/, 'yellow');
      stage.raiseAlert();
      // The first REST call after the socket is back is the catch-up.
      simulator.faults.clear();
      simulator.faults.rateLimit(1, 1);

      await stage.assertRecovered(true);
      assert.match(logText(), /could not catch up/);
    });

    it('keeps trying the catch-up while REST stays rate limited, honouring Retry-After', async function () {
      this.timeout(20_000);
      await stage.flowing();

      simulator.faults.rejectHandshakes(500);
      simulator.resetConnections();
      await stage.statusShown(/reconnecting/, 'yellow');
      const missed = stage.raiseAlert();
      simulator.faults.clear();
      simulator.faults.rateLimit(2, 1);

      await waitFor(
        `the missed alert ${missed}`,
        () => stage.alertUuids().includes(missed),
        10_000,
      );
      await stage.assertRecovered(true);
    });
  });

  describe('a frame is malformed, and the next events still arrive', function () {
    it('survives a frame without its closing NUL', async function () {
      await stage.flowing();
      const shown = stage.statuses.length;

      const broken = stage.newEventUuid();
      simulator.sendRaw(
        `${messageHead()}${JSON.stringify(stage.eventBody(broken))}`,
      );
      // The next message starts a new frame: the cut one is dropped and
      // reported, and must not take the next event with it.
      stage.publishEvent();

      await stage.assertRecovered(false);
      assert.ok(!stage.events.entityUuids().includes(broken));
      assert.match(logText(), /cut short/);
      assert.equal(simulator.stats.handshakesAccepted, 1);
      stage.assertStayedGreen(shown);
    });

    it('survives a broken header line', async function () {
      await stage.flowing();
      const shown = stage.statuses.length;

      simulator.sendRaw(`${messageHead('broken header line\n')}{}\0`);

      await stage.assertRecovered(false);
      assert.match(logText(), /malformed frame/);
      assert.equal(simulator.stats.handshakesAccepted, 1);
      stage.assertStayedGreen(shown);
    });

    it('survives a content-length longer than the body', async function () {
      await stage.flowing();
      const shown = stage.statuses.length;

      simulator.sendRaw(`${messageHead('content-length:500\n')}{}\0`);
      // The decoder reads on for the 500 bytes announced; these fill them.
      simulator.sendRaw('\n'.repeat(600));

      await stage.assertRecovered(false);
      assert.match(logText(), /malformed frame/);
      assert.equal(simulator.stats.handshakesAccepted, 1);
      stage.assertStayedGreen(shown);
    });

    it('survives a content-length shorter than the body', async function () {
      await stage.flowing();
      const shown = stage.statuses.length;

      simulator.sendRaw(`${messageHead('content-length:2\n')}{"a":1}\0`);

      await stage.assertRecovered(false);
      assert.match(logText(), /malformed frame/);
      assert.equal(simulator.stats.handshakesAccepted, 1);
      stage.assertStayedGreen(shown);
    });

    it('survives a 100 kB header', async function () {
      await stage.flowing();
      const shown = stage.statuses.length;

      const header = `x-big:${'h'.repeat(100_000)}\n`;
      simulator.sendRaw(`${messageHead(header)}{}\0`);

      await stage.assertRecovered(false);
      assert.match(logText(), /malformed frame/);
      assert.equal(simulator.stats.handshakesAccepted, 1);
      stage.assertStayedGreen(shown);
    });

    it('survives a body that is not JSON', async function () {
      await stage.flowing();
      const shown = stage.statuses.length;

      simulator.sendRaw(`${messageHead()}this is not json\0`);

      await stage.assertRecovered(false);
      assert.match(logText(), /not JSON/);
      assert.equal(simulator.stats.handshakesAccepted, 1);
      stage.assertStayedGreen(shown);
    });

    it('delivers every event of a body that is a JSON array', async function () {
      await stage.flowing();
      const shown = stage.statuses.length;

      const first = stage.newEventUuid();
      const second = stage.newEventUuid();
      simulator.publish([stage.eventBody(first), stage.eventBody(second)]);
      stage.expectEvent(first);
      stage.expectEvent(second);

      await stage.assertRecovered(false);
      assert.equal(simulator.stats.handshakesAccepted, 1);
      stage.assertStayedGreen(shown);
    });
  });

  describe('the transcript of the whole suite', function () {
    it('never shows the API key in a log line, status, error or message', function () {
      assert.ok(transcript.size > 100, `only ${transcript.size} entries`);
      assert.ok(!transcript.text().includes(API_KEY), 'the API key leaked');
    });
  });
});
