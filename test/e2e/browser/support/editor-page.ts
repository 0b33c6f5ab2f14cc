import type { Locator, Page } from 'playwright-core';

/** A point on the page, in CSS pixels. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** What a node's status shows: the colour of its mark and its text. */
export interface NodeStatusView {
  readonly fill: string;
  readonly text: string;
}

const DEPLOY_TIMEOUT_MS = 15_000;
const STATUS_TIMEOUT_MS = 20_000;
const STATUS_FILLS = ['green', 'yellow', 'red', 'blue', 'grey'];

/**
 * Node-RED's editor as a user drives it: dragging from the palette,
 * double-clicking nodes, wiring ports, deploying, reading statuses and
 * the debug sidebar. Knows Node-RED's markup, nothing of this package.
 */
export class EditorPage {
  constructor(readonly page: Page) {}

  /** Loads the editor and waits until the Rhombus palette is drawn. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.paletteCategory('Rhombus')
      .locator('.red-ui-palette-node')
      .first()
      .waitFor();
    await this.page.locator('#red-ui-workspace-chart').waitFor();
  }

  /** A palette category, e.g. "Rhombus", with its header and nodes. */
  paletteCategory(name: string): Locator {
    return this.page.locator(`[id="red-ui-palette-container-${name}"]`);
  }

  paletteNode(type: string): Locator {
    return this.page.locator(
      `#red-ui-palette-container .red-ui-palette-node[data-palette-type="${type}"]`,
    );
  }

  /**
   * Types in the palette's search box and waits until the palette shows
   * only the nodes whose type contains `text` (all of them for '').
   */
  async filterPalette(text: string): Promise<void> {
    const search = this.page.locator('#red-ui-palette-search input');
    await search.fill(text);
    // The search box reacts to key presses, not to the value alone.
    await search.press('End');

    // The palette filters a moment after the last key.
    await this.page.waitForFunction((wanted) => {
      const shown = Array.from(
        document.querySelectorAll<HTMLElement>(
          '#red-ui-palette-container .red-ui-palette-node',
        ),
      ).filter((node) => node.offsetParent !== null);
      const matching = shown.filter((node) =>
        (node.dataset['paletteType'] ?? '').toLowerCase().includes(wanted),
      );
      // Categories left empty fold away with an animation.
      const settled = Array.from(
        document.querySelectorAll<HTMLElement>('.red-ui-palette-category'),
      )
        .filter((category) => category.offsetParent !== null)
        .every((category) => shown.some((node) => category.contains(node)));
      return wanted === ''
        ? shown.some((node) => node.dataset['paletteType'] === 'inject')
        : settled && shown.length > 0 && matching.length === shown.length;
    }, text.toLowerCase());
  }

  /** The workspace's top-left corner on the page, plus `x`, `y`. */
  async workspacePoint(x: number, y: number): Promise<Point> {
    const box = await boxOf(this.page.locator('#red-ui-workspace-chart'));
    return { x: box.x + x, y: box.y + y };
  }

  /**
   * Drags a node of `type` from the palette and drops it at `at`
   * (relative to the workspace's corner); resolves with the new node's id.
   */
  async addNode(type: string, at: Point): Promise<string> {
    const before = new Set(await this.nodeIds());
    const source = this.paletteNode(type);
    await source.scrollIntoViewIfNeeded();
    const from = centre(await boxOf(source));
    const to = await this.workspacePoint(at.x, at.y);

    // jQuery UI starts a drag only after the pointer has moved a little.
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + 30, from.y, { steps: 5 });
    await this.page.mouse.move(to.x, to.y, { steps: 10 });
    await this.page.mouse.up();

    return this.newNodeId(before);
  }

  /** Ids of the nodes drawn on the open flow tab. */
  nodeIds(): Promise<string[]> {
    return this.page
      .locator('#red-ui-workspace-chart g.red-ui-flow-node-group')
      .evaluateAll((groups) => groups.map((group) => group.id));
  }

  /** The SVG group of the node `id` on the workspace. */
  node(id: string): Locator {
    return this.page.locator(
      `#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"]`,
    );
  }

  /** Double-clicks the node and resolves with its edit dialog. */
  async openEditDialog(id: string): Promise<Locator> {
    await this.node(id).locator('rect.red-ui-flow-node').dblclick();
    await this.page.locator('#node-dialog-ok').waitFor();
    return this.topTray();
  }

  /** The edit dialog (tray) in front, e.g. a config node's over a node's. */
  topTray(): Locator {
    return this.page.locator('.red-ui-tray').last();
  }

  /** Clicks Done in a node's edit dialog. */
  async closeEditDialog(): Promise<void> {
    await this.page.locator('#node-dialog-ok').click();
    await this.page.locator('#node-dialog-ok').waitFor({ state: 'detached' });
  }

  /** Drags the node `id` by `dx`, `dy` pixels. */
  async moveNode(id: string, dx: number, dy: number): Promise<void> {
    const from = centre(
      await boxOf(this.node(id).locator('rect.red-ui-flow-node')),
    );
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + dx, from.y + dy, { steps: 10 });
    await this.page.mouse.up();
  }

  /** Draws a wire from output `output` (0 = first) of `from` to `to`. */
  async wire(from: string, output: number, to: string): Promise<void> {
    const wiresBefore = await this.wireCount();
    const start = centre(
      await boxOf(
        this.node(from).locator('g.red-ui-flow-port-output').nth(output),
      ),
    );
    const end = centre(
      await boxOf(this.node(to).locator('g.red-ui-flow-port-input').first()),
    );

    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    await this.page.mouse.move(end.x, end.y, { steps: 10 });
    await this.page.mouse.up();
    await this.page.waitForFunction(
      (count) =>
        document.querySelectorAll('#red-ui-workspace-chart g.red-ui-flow-link')
          .length > count,
      wiresBefore,
    );
  }

  wireCount(): Promise<number> {
    return this.page
      .locator('#red-ui-workspace-chart g.red-ui-flow-link')
      .count();
  }

  /**
   * Clicks Deploy (a full deploy) and waits until the runtime took the
   * flows. Node-RED asks for confirmation before deploying unknown or
   * invalid nodes: in these tests that is a failure, reported with the
   * dialog's text rather than confirmed.
   */
  async deploy(): Promise<void> {
    const button = this.page.locator('#red-ui-header-button-deploy');
    await this.page
      .locator('#red-ui-header-button-deploy:not(.disabled)')
      .waitFor();
    const saved = this.page.waitForResponse(
      (response) =>
        response.url().endsWith('/flows') &&
        response.request().method() === 'POST',
      { timeout: DEPLOY_TIMEOUT_MS },
    );

    await button.click();
    const response = await saved.catch(async (error: unknown) => {
      throw new Error(`${await this.deployBlockedBy()}`, { cause: error });
    });
    if (!response.ok()) {
      throw new Error(`deploy answered HTTP ${response.status()}`);
    }

    await this.page.locator('#red-ui-header-button-deploy.disabled').waitFor();
  }

  /**
   * Waits until the node's status mark has the colour `fill` and resolves
   * with what the status shows.
   */
  async waitForStatus(id: string, fill: string): Promise<NodeStatusView> {
    const mark = this.node(id).locator(
      `rect.red-ui-flow-node-status-dot-${fill}, ` +
        `rect.red-ui-flow-node-status-ring-${fill}`,
    );
    try {
      await mark.waitFor({ state: 'attached', timeout: STATUS_TIMEOUT_MS });
    } catch (error) {
      const seen = await this.statusOf(id);
      throw new Error(
        `node ${id} never showed a ${fill} status; it shows ` +
          `${seen.fill} "${seen.text}"`,
        { cause: error },
      );
    }
    return this.statusOf(id);
  }

  /** What the node's status shows now. */
  async statusOf(id: string): Promise<NodeStatusView> {
    const group = this.node(id);
    const classes =
      (await group
        .locator('rect.red-ui-flow-node-status')
        .getAttribute('class')) ?? '';
    const fill =
      STATUS_FILLS.find((colour) => classes.includes(`-${colour}`)) ?? 'none';
    const text = await group
      .locator('text.red-ui-flow-node-status-label')
      .textContent();
    return { fill, text: text ?? '' };
  }

  /** Clicks the button on the left of a node (inject-style buttons). */
  async pressNodeButton(id: string): Promise<void> {
    const button = this.node(id).locator('g.red-ui-flow-node-button');
    await this.node(id)
      .locator(
        'g.red-ui-flow-node-button:not(.red-ui-flow-node-button-disabled)',
      )
      .waitFor();
    await button.locator('rect.red-ui-flow-node-button-button').click();
  }

  /** Opens the debug tab of the sidebar. */
  async showDebugSidebar(): Promise<void> {
    await this.page.locator('#red-ui-tab-debug-link-button').click();
    await this.page.locator('.red-ui-debug-content-list').waitFor();
  }

  /** The messages in the debug sidebar, oldest first. */
  debugMessages(): Locator {
    return this.page.locator('.red-ui-debug-content-list .red-ui-debug-msg');
  }

  /** Error-level lines in the debug sidebar (a node's `node.error`). */
  debugErrors(): Locator {
    return this.page.locator('.red-ui-debug-msg.red-ui-debug-msg-level-20');
  }

  /**
   * Menu › Import › Examples › `module` › `example`, into a new flow tab.
   * The imported nodes then hang on the mouse until a click drops them:
   * they are dropped with their first node at `at` on the workspace.
   */
  async importExample(
    module: string,
    example: string,
    at: Point,
  ): Promise<void> {
    await this.page.locator('#red-ui-header-button-sidemenu').click();
    await this.page.locator('#menu-item-import').click();
    const dialog = this.page.locator('#red-ui-clipboard-dialog');
    await dialog.waitFor();
    await this.page
      .locator('#red-ui-tab-red-ui-clipboard-dialog-import-tab-examples a')
      .click();

    await this.chooseExample(module, example);
    await this.page.locator('#red-ui-clipboard-dialog-import-opt-new').click();
    await this.page.locator('#red-ui-clipboard-dialog-ok').click();
    await dialog.waitFor({ state: 'hidden' });

    const drop = await this.workspacePoint(at.x, at.y);
    await this.page.mouse.move(drop.x, drop.y, { steps: 5 });
    await this.page.mouse.click(drop.x, drop.y);
    await this.page
      .locator('#red-ui-header-button-deploy:not(.disabled)')
      .waitFor();
  }

  /**
   * Closes the notifications on screen, as a click on each would: they
   * lie over the flow tabs for seconds after a deploy or an import.
   */
  async dismissNotifications(): Promise<void> {
    await this.page.evaluate(() => {
      document
        .querySelectorAll<HTMLElement>(
          '#red-ui-notifications .red-ui-notification',
        )
        .forEach((notification) => notification.click());
    });
    await this.page.waitForFunction(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          '#red-ui-notifications .red-ui-notification',
        ),
      ).every((notification) => notification.offsetParent === null),
    );
  }

  /** Clicks the flow tab labelled `label`. */
  async showFlow(label: string): Promise<void> {
    await this.dismissNotifications();
    const tab = this.page.locator('#red-ui-workspace-tabs li.red-ui-tab', {
      hasText: label,
    });
    await tab.locator('a').click();
    await this.page
      .locator('#red-ui-workspace-tabs li.red-ui-tab.active', {
        hasText: label,
      })
      .waitFor();
  }

  /** Double-clicks the open flow tab and deletes it from its dialog. */
  async deleteOpenFlow(): Promise<void> {
    await this.dismissNotifications();
    await this.page
      .locator('#red-ui-workspace-tabs li.red-ui-tab.active a')
      .dblclick();
    const remove = this.page.locator('#node-dialog-delete');
    await remove.click();
    await remove.waitFor({ state: 'detached' });
  }

  private async chooseExample(module: string, example: string): Promise<void> {
    const tree = this.page.locator(
      '#red-ui-clipboard-dialog-import-tab-examples',
    );
    const folder = tree.locator('.red-ui-treeList-label', { hasText: module });
    const entry = tree.locator('.red-ui-treeList-label', { hasText: example });

    await folder.waitFor();
    if (!(await entry.isVisible())) {
      await folder.click();
    }
    await entry.click();
    await this.page
      .locator('#red-ui-clipboard-dialog-ok:not([disabled])')
      .waitFor();
  }

  private async newNodeId(before: ReadonlySet<string>): Promise<string> {
    await this.page.waitForFunction(
      (count) =>
        document.querySelectorAll(
          '#red-ui-workspace-chart g.red-ui-flow-node-group',
        ).length > count,
      before.size,
    );
    const added = (await this.nodeIds()).filter((id) => !before.has(id));
    if (added.length !== 1) {
      throw new Error(`expected one new node, found ${added.length}`);
    }
    return added[0] as string;
  }

  private async deployBlockedBy(): Promise<string> {
    const confirm = this.page.locator('.red-ui-notification', {
      has: this.page.locator('#red-ui-deploy-dialog-confirm-deploy-deploy'),
    });
    if (await confirm.isVisible()) {
      return `deploy asked to confirm: ${await confirm.textContent()}`;
    }
    return 'deploy did not reach the runtime';
  }
}

async function boxOf(
  locator: Locator,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox();
  if (!box) {
    throw new Error(`${locator.toString()} is not on screen`);
  }
  return box;
}

function centre(box: {
  x: number;
  y: number;
  width: number;
  height: number;
}): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
