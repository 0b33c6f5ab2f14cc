import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { NodeRedProcess } from '../../../runtime/support/node-red-process';
import { npmInstall, packThisPackage } from '../../support/npm';

/** The repository root: the package under test. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..', '..');

/**
 * Time for a suite's setup: packing builds the whole package first, which
 * takes half a minute on a busy two-core machine.
 */
export const SETUP_TIMEOUT_MS = 240_000;

// The palette manager fetches the public node catalogue when the editor
// opens; with no internet that fails and logs an error in the browser
// console, which would hide real errors. An empty list of catalogues
// turns the fetch off. Tours and tips would cover parts of the screenshots.
const EDITOR_SETTINGS = `editorTheme: {
    tours: false,
    palette: { catalogues: [] },
  },`;

// Editor preferences of the anonymous user ("_"), read at start-up.
const USER_SETTINGS = {
  _: { editor: { view: { 'view-show-tips': false } } },
};

let tarball: Promise<string> | undefined;

async function pack(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rhombus-pack-'));
  // The tarball serves every suite of this run, so it goes when mocha does.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

  return packThisPackage(dir);
}

/**
 * The package as a user would download it: `npm pack` (whose prepack
 * script builds it) once per test run, shared by every suite.
 */
export function packedTarball(): Promise<string> {
  tarball ??= pack();
  return tarball;
}

/**
 * Starts Node-RED in a scratch user directory with the packed package
 * installed there by npm, the way a user installs it from the palette
 * manager or the command line.
 */
export async function startPackedNodeRed(): Promise<NodeRedProcess> {
  const file = await packedTarball();
  const red = new NodeRedProcess({
    linkProject: false,
    extraSettings: EDITOR_SETTINGS,
  });

  try {
    writeFileSync(
      join(red.userDir, '.config.users.json'),
      JSON.stringify(USER_SETTINGS),
    );
    await npmInstall(red.userDir, ['--prefix', red.userDir, file]);
    await red.start();
  } catch (error) {
    // stop() also removes the scratch directory.
    await red.stop();
    throw error;
  }
  return red;
}
