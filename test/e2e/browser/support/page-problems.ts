import assert from 'node:assert/strict';

import type { Page } from 'playwright-core';

/** A notification the editor showed: its kind (error, warning...) and text. */
export interface EditorNotification {
  readonly kind: string;
  readonly text: string;
}

declare global {
  interface Window {
    rhombusNotifications?: EditorNotification[];
  }
}

/**
 * Runs in the page before the editor's scripts. Notifications fade after a
 * few seconds, so each one is written down the moment it is added. Kept as
 * text: tsx would wrap the inner functions of a TypeScript function in a
 * naming helper that the page does not have.
 */
const RECORD_NOTIFICATIONS = `
  window.rhombusNotifications = [];
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(function (added) {
        if (!(added instanceof Element)) return;
        if (!added.classList.contains('red-ui-notification')) return;
        var kind = Array.from(added.classList)
          .filter(function (name) { return name !== 'red-ui-notification'; })
          .map(function (name) { return name.replace('red-ui-notification-', ''); })[0];
        window.rhombusNotifications.push({
          kind: kind || 'info',
          text: added.textContent || '',
        });
      });
    });
  }).observe(document, { childList: true, subtree: true });
`;

/**
 * Collects what went wrong in the page: console errors, uncaught
 * exceptions and the editor's error notifications.
 */
export class PageProblems {
  private readonly errors: string[] = [];

  private constructor(private readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') {
        this.errors.push(`console: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => {
      const where = (error.stack ?? '').split('\n').slice(1, 4).join(' <');
      this.errors.push(`uncaught: ${error.message} at ${where}`);
    });
  }

  /** Starts watching `page`; call before it loads the editor. */
  static async watch(page: Page): Promise<PageProblems> {
    await page.addInitScript({ content: RECORD_NOTIFICATIONS });
    return new PageProblems(page);
  }

  /** Console errors and uncaught exceptions so far. */
  consoleErrors(): readonly string[] {
    return [...this.errors];
  }

  /** Every notification shown so far, oldest first. */
  notifications(): Promise<EditorNotification[]> {
    return this.page.evaluate(() => window.rhombusNotifications ?? []);
  }

  /** The error notifications shown so far. */
  async errorNotifications(): Promise<EditorNotification[]> {
    const all = await this.notifications();
    return all.filter((notification) => notification.kind === 'error');
  }

  /** Fails unless there was no console error, exception or error notice. */
  async assertNone(): Promise<void> {
    assert.deepEqual(this.consoleErrors(), [], 'errors in the browser');
    assert.deepEqual(
      await this.errorNotifications(),
      [],
      'error notifications in the editor',
    );
  }
}
