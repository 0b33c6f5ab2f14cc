import type { Locator, Page } from 'playwright-core';

/** What a user types into a new rhombus-config node's dialog. */
export interface CustomAccount {
  readonly name: string;
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly apiKey: string;
}

const CATALOG_TIMEOUT_MS = 15_000;

/**
 * Fills the rhombus-config dialog (already open, in front) for a custom
 * server and leaves it open, so that it can be looked at first.
 */
export async function fillCustomAccount(
  page: Page,
  account: CustomAccount,
): Promise<void> {
  await page.locator('#node-config-input-name').fill(account.name);
  await page.locator('#node-config-input-region').selectOption('custom');
  await page.locator('#node-config-input-restUrl').fill(account.restUrl);
  await page.locator('#node-config-input-wsUrl').fill(account.wsUrl);

  // Typed key by key, as Node-RED checks the field on each key press.
  const apiKey = page.locator('#node-config-input-apiKey');
  await apiKey.pressSequentially(account.apiKey);
  await apiKey.blur();
}

/** Clicks Add (or Update) in the config node's dialog. */
export async function closeConfigDialog(page: Page): Promise<void> {
  const ok = page.locator('#node-config-dialog-ok');
  await ok.click();
  await ok.waitFor({ state: 'detached' });
}

/**
 * One of the editor's searchable checklists (triggers, entities, devices,
 * locations), found inside `container`.
 */
export class ChecklistField {
  readonly root: Locator;

  constructor(container: Locator) {
    this.root = container.locator('.rhombus-checklist').first();
  }

  /** Searches for `query` and ticks the item whose value is `value`. */
  async tickValue(query: string, value: string): Promise<void> {
    await this.search(query);
    await this.root
      .locator(`.rhombus-checklist-item input[value="${value}"]`)
      .check();
    await this.search('');
  }

  /** Searches for `query` and ticks the item labelled `label`. */
  async tickLabel(query: string, label: string): Promise<void> {
    await this.search(query);
    await this.root
      .locator('.rhombus-checklist-item', {
        has: this.root.page().getByText(label, { exact: true }),
      })
      .locator('input')
      .check();
    await this.search('');
  }

  /** Opens the group headed `label`, unless it is open already. */
  async expandGroup(label: string): Promise<void> {
    // A `has` locator is looked for inside each group, so it starts afresh.
    const header = this.root.page().locator('.rhombus-checklist-header', {
      hasText: label,
    });
    const group = this.root.locator('.rhombus-checklist-group', {
      has: header,
    });
    const items = group.locator('.rhombus-checklist-item');

    if ((await items.count()) === 0) {
      await group.locator('.rhombus-checklist-group-label').click();
    }
    await items.first().waitFor();
  }

  /** The values shown as chips above the list, in order. */
  chips(): Promise<string[]> {
    return this.root
      .locator('.rhombus-checklist-chip')
      .evaluateAll((chips) =>
        chips.map((chip) => chip.getAttribute('data-value') ?? ''),
      );
  }

  private async search(text: string): Promise<void> {
    await this.root.locator('.rhombus-checklist-search').fill(text);
  }
}

/**
 * The devices and locations pickers of a flow node's dialog: waits until
 * the catalog has loaded and resolves with its status line, such as
 * "9 devices, 3 locations". Fails with the line shown if it does not load.
 */
export async function waitForCatalog(dialog: Locator): Promise<string> {
  const status = dialog.locator('.rhombus-catalog-text');
  const loaded = dialog.locator('.rhombus-catalog-text', {
    hasText: /^\d+ devices, \d+ locations$/,
  });
  try {
    await loaded.waitFor({ timeout: CATALOG_TIMEOUT_MS });
  } catch (error) {
    throw new Error(
      `the catalog did not load: "${await status.textContent()}"`,
      {
        cause: error,
      },
    );
  }
  return (await status.textContent()) ?? '';
}
