import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';

import {
  RhombusSimulator,
  type SimCamera,
  type SimLocation,
} from '../../../src/simulator';
import type { NodeRedProcess } from '../../runtime/support/node-red-process';
import { launchChromium, newPage } from './support/chromium';
import { EditorPage } from './support/editor-page';
import {
  SETUP_TIMEOUT_MS,
  startPackedNodeRed,
} from './support/packed-node-red';
import { PageProblems } from './support/page-problems';
import {
  ChecklistField,
  closeConfigDialog,
  fillCustomAccount,
  waitForCatalog,
} from './support/rhombus-forms';
import { keepFailureScreenshot, saveScreenshot } from './support/screenshots';

// A key of the local simulator only; the editor shows it as dots.
const API_KEY = 'browser-e2e-key';
const ACCOUNT_NAME = 'Local Rhombus';

// The config dialog's form ends well above the bottom of the window; its
// picture stops a little below the form.
const CONFIG_PICTURE_HEIGHT = 560;
const PALETTE_PICTURE_HEIGHT = 220;

/**
 * One user's first session with the package, in order: find the nodes in
 * the palette, set up an account and an alert node, deploy, try the
 * sample button, add an events node. Each step builds on the one before.
 */
describe('the editor in a real browser: first session', function () {
  let simulator: RhombusSimulator;
  let red: NodeRedProcess;
  let browser: Browser;
  let page: Page;
  let editor: EditorPage;
  let problems: PageProblems;
  let camera: SimCamera;
  let location: SimLocation;
  let alertId: string;

  before(async function () {
    this.timeout(SETUP_TIMEOUT_MS);
    simulator = new RhombusSimulator({
      apiKeys: [API_KEY],
      eventsPerSecond: 0,
    });
    await simulator.start();
    camera = firstCamera(simulator);
    location = locationOf(simulator, camera);

    red = await startPackedNodeRed();
    browser = await launchChromium();
    page = await newPage(browser);
    problems = await PageProblems.watch(page);
    editor = new EditorPage(page);
    await editor.open(red.url);
  });

  after(async function () {
    await browser?.close();
    await red?.stop();
    await simulator?.stop();
  });

  afterEach(async function () {
    await keepFailureScreenshot(this, page);
  });

  it('shows both nodes under "Rhombus" in the palette, with icons', async function () {
    const category = editor.paletteCategory('Rhombus');
    const types = await category
      .locator('.red-ui-palette-node')
      .evaluateAll((nodes) =>
        nodes.map((node) => node.getAttribute('data-palette-type')),
      );

    assert.equal(
      await category.locator('.red-ui-palette-header').textContent(),
      'Rhombus',
    );
    assert.deepEqual(types, ['rhombus-events', 'rhombus-alert']);
    for (const type of ['rhombus-events', 'rhombus-alert']) {
      await assertIconLoads(page, editor.paletteNode(type), type);
    }

    await editor.filterPalette('rhombus');
    await saveScreenshot(page.locator('#red-ui-palette'), 'palette', {
      maxHeight: PALETTE_PICTURE_HEIGHT,
    });
    await editor.filterPalette('');
    await problems.assertNone();
  });

  it('connects an alert node set up with a new account, triggers and a camera', async function () {
    alertId = await editor.addNode('rhombus-alert', { x: 180, y: 120 });
    const dialog = await editor.openEditDialog(alertId);

    await addCustomAccount(page, editor, simulator);
    const catalog = await waitForCatalog(dialog);
    assert.match(catalog, /^\d+ devices, 3 locations$/);

    const triggers = new ChecklistField(
      dialog.locator('#rhombus-alert-triggers'),
    );
    await triggers.tickValue('human', 'MOTION_HUMAN');
    await triggers.tickValue('car', 'MOTION_CAR');
    await triggers.expandGroup('People');
    const devices = new ChecklistField(
      devicesRow(dialog, '#rhombus-alert-catalog'),
    );
    await devices.tickLabel(camera.name, camera.name);
    await devices.expandGroup(location.name);
    assert.deepEqual(await triggers.chips(), ['MOTION_HUMAN', 'MOTION_CAR']);
    assert.deepEqual(await devices.chips(), [camera.uuid]);
    await saveScreenshot(dialog, 'alert-dialog', { docImage: true });
    await editor.closeEditDialog();

    const debugId = await editor.addNode('debug', { x: 560, y: 200 });
    await editor.wire(alertId, 0, debugId);
    await editor.deploy();

    const status = await editor.waitForStatus(alertId, 'green');
    // Connected with a filter, the status names the filter instead of
    // saying "connected".
    assert.ok(
      status.text === 'connected' || status.text.includes(camera.name),
      `status "${status.text}"`,
    );
    await problems.assertNone();
  });

  it("sends a sample alert from the node's button to the debug sidebar", async function () {
    await editor.showDebugSidebar();
    const shown = await editor.debugMessages().count();

    await editor.pressNodeButton(alertId);
    const message = editor.debugMessages().nth(shown);
    await message.waitFor();

    const text = (await message.textContent()) ?? '';
    assert.match(text, /POLICY_ALERT/);
    assert.ok(
      text.includes(camera.name),
      `the message names the camera: ${text}`,
    );
    const notices = await problems.notifications();
    assert.ok(
      notices.some((notice) => notice.text.includes('Sample alert sent')),
      `a notification says the sample was sent: ${JSON.stringify(notices)}`,
    );
    await problems.assertNone();
  });

  it('connects an events node that keeps door events of one location', async function () {
    const eventsId = await editor.addNode('rhombus-events', { x: 180, y: 320 });
    const dialog = await editor.openEditDialog(eventsId);

    // Node-RED leaves a new node's account at "none" even when there is
    // only one to choose from.
    await dialog
      .locator('#node-input-config')
      .selectOption({ label: ACCOUNT_NAME });
    await waitForCatalog(dialog);
    const entities = new ChecklistField(
      dialog.locator('#rhombus-events-entities'),
    );
    await entities.tickValue('door state', 'DOOR_STATE');
    await entities.tickValue('door sensor', 'DOOR_SENSOR');
    await dialog
      .locator('#rhombus-events-change-types input[value="REFRESH"]')
      .uncheck();
    const locations = new ChecklistField(
      locationsRow(dialog, '#rhombus-events-catalog'),
    );
    await locations.tickLabel(location.name, location.name);
    assert.deepEqual(await entities.chips(), ['DOOR_STATE', 'DOOR_SENSOR']);
    assert.deepEqual(await locations.chips(), [location.uuid]);
    await saveScreenshot(dialog, 'events-dialog', { docImage: true });
    await editor.closeEditDialog();

    await editor.deploy();
    await editor.waitForStatus(eventsId, 'green');
    await editor.waitForStatus(alertId, 'green');
    await problems.assertNone();
  });
});

/**
 * From a flow node's open dialog: the "+" beside Account opens a new
 * rhombus-config node, filled in for the simulator as a custom server.
 */
async function addCustomAccount(
  page: Page,
  editor: EditorPage,
  simulator: RhombusSimulator,
): Promise<void> {
  await page.locator('#node-input-btn-config-add').click();
  await page.locator('#node-config-input-region').waitFor();
  await fillCustomAccount(page, {
    name: ACCOUNT_NAME,
    restUrl: simulator.restUrl,
    wsUrl: simulator.wsUrl,
    apiKey: API_KEY,
  });

  await saveScreenshot(editor.topTray(), 'config-dialog', {
    docImage: true,
    maxHeight: CONFIG_PICTURE_HEIGHT,
  });
  await closeConfigDialog(page);
}

/** The devices picker of a flow node's dialog. */
function devicesRow(dialog: Locator, catalog: string): Locator {
  return dialog.locator(`${catalog} .rhombus-form-row`).nth(0);
}

/** The locations picker of a flow node's dialog. */
function locationsRow(dialog: Locator, catalog: string): Locator {
  return dialog.locator(`${catalog} .rhombus-form-row`).nth(1);
}

async function assertIconLoads(
  page: Page,
  paletteNode: Locator,
  type: string,
): Promise<void> {
  const icon = await paletteNode
    .locator('.red-ui-palette-icon-container')
    .getAttribute('data-palette-icon');
  assert.equal(icon, `icons/node-red-contrib-rhombus/${type}.svg`);

  const loads = await page.evaluate(
    (source) =>
      new Promise<boolean>((resolve) => {
        const image = new Image();
        image.onload = () => resolve(image.naturalWidth > 0);
        image.onerror = () => resolve(false);
        image.src = source;
      }),
    icon,
  );
  assert.ok(loads, `${icon} loads as an image`);
}

function firstCamera(simulator: RhombusSimulator): SimCamera {
  const camera = simulator.org.cameras[0];
  assert.ok(camera, 'the simulated organisation has a camera');
  return camera;
}

function locationOf(
  simulator: RhombusSimulator,
  camera: SimCamera,
): SimLocation {
  const location = simulator.org.locations.find(
    (candidate) => candidate.uuid === camera.locationUuid,
  );
  assert.ok(location, `the location of ${camera.name} is known`);
  return location;
}
