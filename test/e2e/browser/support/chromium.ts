import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; .ci/e2e installs it with apt. */
const CHROMIUM = process.env['RHOMBUS_E2E_CHROMIUM'] ?? '/usr/bin/chromium';

// No sandbox: CI runs as root, where Chromium's sandbox cannot start. The
// rest keep the browser off the network and off the GPU, which this
// machine has neither of.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Big enough that the edit dialogs fit without scrolling their forms. */
export const VIEWPORT = { width: 1280, height: 960 };

/** Starts a headless Chromium with a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
  });
}

/** A page in its own context, so no state leaks between suites. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  return context.newPage();
}
