import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { NodeRedProcess } from './support/node-red-process';
import { waitFor } from './support/runtime';

const EXAMPLES_DIR = resolve(__dirname, '..', '..', 'examples');
const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));

describe('example flows in a real Node-RED', function () {
  this.timeout(60_000);
  let red: NodeRedProcess;

  before(async function () {
    red = new NodeRedProcess();
    await red.start();
  });

  after(async function () {
    await red.stop();
  });

  it('offers every example under Import › Examples', async function () {
    const response = await red.request(
      'GET',
      '/library/examples/flows/node-red-contrib-rhombus',
    );

    assert.equal(response.status, 200);
    for (const file of EXAMPLES) {
      assert.ok(
        response.text.includes(file.replace(/\.json$/, '')),
        `${file} is listed: ${response.text}`,
      );
    }
  });

  for (const file of EXAMPLES) {
    it(`deploys "${file}" with no unknown node and no error`, async function () {
      const flow: unknown = JSON.parse(
        readFileSync(join(EXAMPLES_DIR, file), 'utf8'),
      );
      const logBefore = red.log.length;

      const response = await red.request('POST', '/flows', flow);
      assert.ok(response.status < 300, `deploy answered ${response.status}`);

      // The example's own simulator connects once its flows have started.
      await waitFor(
        'the config node to connect',
        () =>
          /\[rhombus-config:[^\]]*\] connected to/.test(
            red.log.slice(logBefore),
          ),
        20_000,
      );
      const log = red.log.slice(logBefore);
      assert.doesNotMatch(log, /missing types/i);
      assert.doesNotMatch(log, /\[error\]/);
    });
  }
});
