import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { RhombusSimulator } from '../../src/simulator';
import { Received } from './support/collect';
import {
  alertNode,
  configNode,
  credentials,
  eventsNodes,
  type FlowNode,
} from './support/flows';
import {
  ALL_NODES,
  helper,
  logText,
  recordStatuses,
  waitFor,
  startedSimulator,
  unloadAndStop,
} from './support/runtime';
import { StubRhombus } from './support/stub-rhombus';
import { statusesShown, Transcript } from './support/transcript';

const API_KEY = 'secrets-key-a7d2c95e';
const SOURCE_DIR = resolve(__dirname, '..', '..', 'src');

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets and trust', function () {
  let simulator: RhombusSimulator;

  beforeEach(async function () {
    simulator = await startedSimulator({
      apiKeys: [API_KEY],
      heartBeat: [500, 500],
    });
  });

  afterEach(() => unloadAndStop(simulator));

  async function deployWith(config: FlowNode, key = API_KEY) {
    await helper.load(ALL_NODES, [config, ...eventsNodes(1)], credentials(key));
    return recordStatuses(helper.getNode('events-0'));
  }

  /**
   * Waits for the red "error" dot on the events node and returns the log,
   * which holds the reason: the test helper's translation gives back bare
   * message keys, so the status text itself says only "error".
   */
  async function errorShown(): Promise<string> {
    await waitFor('a red error status', () =>
      statusesShown('events-0').some(
        (s) =>
          s.fill === 'red' && s.shape === 'dot' && /error/.test(String(s.text)),
      ),
    );
    return logText();
  }

  describe('the API key never shows', function () {
    it('is struck out of a REST error that echoes it', async function () {
      simulator.faults.inBandError(
        '/org/getOrgV2',
        1,
        `key ${API_KEY} has expired`,
      );
      const statuses = await deployWith(configNode(simulator));

      await waitFor('connected after the error', () =>
        statuses.some((s) => s.fill === 'green'),
      );
      assert.match(logText(), /has expired/);
      assert.ok(!logText().includes(API_KEY), 'the key is in the log');
    });

    it('is struck out of an alert-details error that echoes it', async function () {
      await helper.load(
        ALL_NODES,
        [configNode(simulator), ...alertNode()],
        credentials(API_KEY),
      );
      const raised = new Received(helper.getNode('raised'));
      await waitFor('a subscribed session', () => {
        return simulator.stats.sessionsSubscribed === 1;
      });
      simulator.faults.inBandError(
        '/event/getPolicyAlertDetails',
        1,
        `key ${API_KEY} may not read alerts`,
      );

      // An alert carrying only its uuid: its details must be looked up.
      simulator.publish({
        entity: 'POLICY_ALERT',
        entityUuid: 'bare-alert',
        type: 'CREATE',
        deviceUuid: simulator.org.cameras[0].uuid,
        timestampMs: Date.now(),
      });
      await waitFor('the alert', () => raised.count === 1);

      const transcript = new Transcript();
      transcript.record();
      assert.match(transcript.text(), /may not read alerts/);
      assert.ok(!transcript.text().includes(API_KEY), 'the key was shown');
    });

    it('is in no log line, status or error when the key is rejected, at trace level', async function () {
      const wrongKey = 'wrong-key-5c1e8f22';
      const statuses = await deployWith(configNode(simulator), wrongKey);

      await waitFor('the rejected status', () =>
        statuses.some((s) => /rejected/.test(String(s.text))),
      );
      const transcript = new Transcript();
      transcript.record();
      assert.match(transcript.text(), /CONNECT|rejected/);
      assert.ok(!transcript.text().includes(wrongKey), 'the key was shown');
    });
  });

  describe('custom URLs', function () {
    const refused: { name: string; rest?: string; ws?: string }[] = [
      { name: 'http: to a remote host', rest: 'http://example.com/api' },
      {
        name: 'http: to a host named like loopback',
        rest: 'http://127.0.0.1.example.com/api',
      },
      {
        name: 'http: to a subdomain of localhost',
        rest: 'http://localhost.example.com/api',
      },
      { name: 'another scheme', rest: 'ftp://127.0.0.1/api' },
      {
        name: 'a user name and password',
        rest: 'http://user:secret@127.0.0.1/api',
      },
      { name: 'ws: to a remote host', ws: 'ws://example.com/websocket' },
      { name: 'http: for the socket', ws: 'http://127.0.0.1/websocket' },
    ];

    for (const url of refused) {
      it(`refuses ${url.name}, with a red status, and never connects`, async function () {
        const config = {
          ...configNode(simulator),
          ...(url.rest ? { restUrl: url.rest } : {}),
          ...(url.ws ? { wsUrl: url.ws } : {}),
        };
        await deployWith(config);

        const text = await errorShown();
        assert.match(text, url.rest ? /restUrl/ : /wsUrl/);
        assert.equal(simulator.stats.restCalls(), 0);
        assert.equal(simulator.stats.handshakesAccepted, 0);
        assert.ok(!statusesShown('events-0').some((s) => s.fill === 'green'));
      });
    }

    it('accepts http: and ws: to localhost', async function () {
      const config = {
        ...configNode(simulator),
        restUrl: simulator.restUrl.replace('127.0.0.1', 'localhost'),
        wsUrl: simulator.wsUrl.replace('127.0.0.1', 'localhost'),
      };
      const statuses = await deployWith(config);

      await waitFor('connected', () =>
        statuses.some((s) => s.fill === 'green'),
      );
    });
  });

  describe('the organisation uuid', function () {
    for (const bad of ['org\ndestination:/topic/other', 'org:other']) {
      it(`refuses a partner org uuid ${JSON.stringify(bad)} before any request`, async function () {
        await deployWith({ ...configNode(simulator), partnerOrgUuid: bad });

        const text = await errorShown();
        assert.match(text, /partnerOrgUuid/);
        assert.equal(simulator.stats.restCalls(), 0);
        assert.equal(simulator.stats.handshakesAccepted, 0);
      });
    }

    describe('from the server', function () {
      let stub: StubRhombus;

      beforeEach(async function () {
        stub = new StubRhombus();
        await stub.start();
      });

      afterEach(() => unloadAndStop(stub));

      it('subscribes to the topic of a well-formed uuid', async function () {
        await deployWith(configNode(stub));

        await waitFor('the upgrade', () => stub.upgrades === 1);
        await waitFor('the SUBSCRIBE', () =>
          stub.commands.includes('SUBSCRIBE'),
        );
      });

      for (const bad of ['org\nx-injected:1', 'org:1', 'org 1']) {
        it(`opens no socket when Rhombus answers the uuid ${JSON.stringify(bad)}`, async function () {
          stub.behaviour.orgUuid = bad;
          await deployWith(configNode(stub));

          const text = await errorShown();
          assert.match(text, /organisation uuid/);
          assert.equal(stub.upgrades, 0);
          assert.deepEqual(stub.restCalls, ['/api/org/getOrgV2']);
        });
      }
    });
  });

  describe('TLS', function () {
    const forbidden = [
      /rejectUnauthorized/,
      /NODE_TLS_REJECT_UNAUTHORIZED/,
      /checkServerIdentity/,
      /insecureHTTPParser/,
      /\bstrictSSL\b/,
    ];

    it('never turns certificate checks off anywhere in the sources', function () {
      const sources = filesUnder(SOURCE_DIR);
      const offending = sources.flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return forbidden
          .filter((pattern) => pattern.test(text))
          .map((pattern) => `${relative(SOURCE_DIR, file)}: ${pattern}`);
      });

      assert.ok(sources.length > 20, `only ${sources.length} files found`);
      assert.deepEqual(offending, []);
    });
  });
});
