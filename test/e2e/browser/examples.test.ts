import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

import type { NodeRedProcess } from '../../runtime/support/node-red-process';
import { launchChromium, newPage } from './support/chromium';
import { EditorPage } from './support/editor-page';
import {
  PROJECT_ROOT,
  SETUP_TIMEOUT_MS,
  startPackedNodeRed,
} from './support/packed-node-red';
import { PageProblems } from './support/page-problems';
import { keepFailureScreenshot, saveScreenshot } from './support/screenshots';

const MODULE = 'node-red-contrib-rhombus';
const EXAMPLES_DIR = join(PROJECT_ROOT, 'examples');
const RHOMBUS_FLOW_NODES = ['rhombus-events', 'rhombus-alert'];

// Where the first node of an imported example is dropped: near the
// workspace's top-left corner, so that the whole flow is in view.
const DROP_AT = { x: 200, y: 60 };

// How many of the simulator's events (one a second) the debug sidebar
// shows in the picture of the running example.
const EVENTS_IN_PICTURE = 3;

interface FlowNode {
  readonly id: string;
  readonly type: string;
  readonly z?: string;
  readonly label?: string;
}

interface Example {
  /** As the library lists it: the file name without ".json". */
  readonly name: string;
  readonly nodes: readonly FlowNode[];
}

function readExamples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ''),
      nodes: JSON.parse(
        readFileSync(join(EXAMPLES_DIR, file), 'utf8'),
      ) as FlowNode[],
    }));
}

/**
 * Every example, as a user tries it: Menu › Import › Examples, into a new
 * flow tab, Deploy, watch the Rhombus nodes connect to the simulator the
 * example's config node starts; then the tab is deleted for the next one.
 */
describe('the examples in a real browser', function () {
  let red: NodeRedProcess;
  let browser: Browser;
  let page: Page;
  let editor: EditorPage;
  let problems: PageProblems;

  before(async function () {
    this.timeout(SETUP_TIMEOUT_MS);
    red = await startPackedNodeRed();
    browser = await launchChromium();
    page = await newPage(browser);
    problems = await PageProblems.watch(page);
    editor = new EditorPage(page);
    await editor.open(red.url);
    await editor.showDebugSidebar();
  });

  after(async function () {
    await browser?.close();
    await red?.stop();
  });

  afterEach(async function () {
    await keepFailureScreenshot(this, page);
  });

  for (const example of readExamples()) {
    it(`imports ${example.name} from Import › Examples and deploys it connected`, async function () {
      const rhombusNodes = example.nodes.filter((node) =>
        RHOMBUS_FLOW_NODES.includes(node.type),
      );
      assert.ok(rhombusNodes.length > 0, 'the example uses a Rhombus node');

      await editor.importExample(MODULE, example.name, DROP_AT);
      // An example with its own flow tab lands there, not in a new one,
      // and the editor stays where it was.
      const tab = example.nodes.find((node) => node.type === 'tab');
      if (tab?.label) {
        await editor.showFlow(tab.label);
      }

      const shown = await editor.nodeIds();
      for (const node of example.nodes.filter((n) => n.z !== undefined)) {
        assert.ok(shown.includes(node.id), `${node.type} ${node.id} is drawn`);
      }
      await editor.deploy();
      for (const node of rhombusNodes) {
        await editor.waitForStatus(node.id, 'green');
      }

      if (example.name === '00-getting-started') {
        await showRunningExample(editor, example);
      }
      assert.equal(await editor.debugErrors().count(), 0, 'errors in debug');
      await problems.assertNone();
      await editor.deleteOpenFlow();
    });
  }
});

/**
 * The getting-started flow at work: a sample alert from the alert node's
 * button beside the simulator's own events in the debug sidebar.
 */
async function showRunningExample(
  editor: EditorPage,
  example: Example,
): Promise<void> {
  const alertNode = example.nodes.find((node) => node.type === 'rhombus-alert');
  assert.ok(alertNode, 'the getting-started example has an alert node');

  await editor.pressNodeButton(alertNode.id);
  await editor
    .debugMessages()
    .filter({ hasText: 'node: people and vehicles' })
    .first()
    .waitFor();
  await editor
    .debugMessages()
    .filter({ hasText: 'node: every event' })
    .nth(EVENTS_IN_PICTURE - 1)
    .waitFor();

  await editor.filterPalette('rhombus');
  await editor.dismissNotifications();
  await saveScreenshot(editor.page, 'running-example', { docImage: true });
  await editor.filterPalette('');
}
