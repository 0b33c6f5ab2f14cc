import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { NodeRedProcess } from '../../../runtime/support/node-red-process';

/** The repository root: the package under test. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..', '..');

const NPM_TIMEOUT_MS = 180_000;

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

/**
 * Runs npm in `cwd` and resolves with what it printed. NODE_OPTIONS is
 * dropped: mocha's tsx loader has no business in npm or its scripts.
 */
function npm(cwd: string, args: readonly string[]): Promise<string> {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];

  return new Promise((done, fail) => {
    execFile(
      'npm',
      [...args],
      { cwd, env, timeout: NPM_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const output = `${stdout}\n${stderr}`.slice(-4_000);
          fail(new Error(`npm ${args.join(' ')} failed:\n${output}`));
          return;
        }
        done(stdout);
      },
    );
  });
}

async function pack(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rhombus-pack-'));
  // The tarball serves every suite of this run, so it goes when mocha does.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

  await npm(PROJECT_ROOT, ['pack', '--pack-destination', dir]);

  const files = readdirSync(dir).filter((file) => file.endsWith('.tgz'));
  if (files.length !== 1) {
    throw new Error(`npm pack left ${files.length} tarballs in ${dir}`);
  }
  return join(dir, files[0] as string);
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
    await npm(red.userDir, [
      'install',
      '--prefix',
      red.userDir,
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      file,
    ]);
    await red.start();
  } catch (error) {
    // stop() also removes the scratch directory.
    await red.stop();
    throw error;
  }
  return red;
}
