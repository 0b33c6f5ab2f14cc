import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

import { PROJECT_ROOT } from './packed-node-red';

/** Where every run leaves its screenshots (git-ignored). */
export const ARTIFACTS_DIR = join(PROJECT_ROOT, 'test-artifacts', 'browser');

/** The README's pictures. */
const DOC_IMAGES_DIR = join(PROJECT_ROOT, 'docs', 'images');

// The README's pictures change only when someone asks for it, so that an
// ordinary test run leaves the work tree as it was.
const UPDATE_DOC_IMAGES = process.env['RHOMBUS_UPDATE_DOC_IMAGES'] === '1';

export interface ScreenshotOptions {
  /** Also keep it as a README picture (see RHOMBUS_UPDATE_DOC_IMAGES). */
  readonly docImage?: boolean;
  /** For an element: cut the picture at this height, in CSS pixels. */
  readonly maxHeight?: number;
}

/**
 * Saves a PNG of `target` (a whole page or one element) as
 * test-artifacts/browser/`name`.png; with `docImage`, also as
 * docs/images/`name`.png when RHOMBUS_UPDATE_DOC_IMAGES=1.
 */
export async function saveScreenshot(
  target: Page | Locator,
  name: string,
  options: ScreenshotOptions = {},
): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name}.png`);
  await shoot(target, file, options.maxHeight);

  if (options.docImage && UPDATE_DOC_IMAGES) {
    mkdirSync(DOC_IMAGES_DIR, { recursive: true });
    copyFileSync(file, join(DOC_IMAGES_DIR, `${name}.png`));
  }
  return file;
}

async function shoot(
  target: Page | Locator,
  file: string,
  maxHeight: number | undefined,
): Promise<void> {
  if (!('page' in target) || maxHeight === undefined) {
    await target.screenshot({ path: file });
    return;
  }

  const box = await target.boundingBox();
  if (!box) throw new Error(`${target.toString()} is not on screen`);
  await target.page().screenshot({
    path: file,
    clip: { ...box, height: Math.min(box.height, maxHeight) },
  });
}

/**
 * In an afterEach hook: when the test just failed, saves what the page
 * showed as test-artifacts/browser/failed-<test title>.png.
 */
export async function keepFailureScreenshot(
  context: Mocha.Context,
  page: Page | undefined,
): Promise<void> {
  const test = context.currentTest;
  if (!page || !test || test.state !== 'failed') return;

  const name = `failed-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
  await saveScreenshot(page, name);
}
