import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { REPO_ROOT } from './peers';

const NPM_TIMEOUT_MS = 300_000;

/**
 * Runs npm in `cwd`. `pathPrefix` goes first on PATH, so that npm and
 * the install scripts it runs use that Node.js, as they would for a user
 * who has only that version.
 */
export function npm(
  cwd: string,
  args: readonly string[],
  pathPrefix?: string,
): Promise<string> {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  if (pathPrefix) env['PATH'] = `${pathPrefix}:${env['PATH'] ?? ''}`;

  return new Promise((done, fail) => {
    execFile(
      'npm',
      [...args],
      { cwd, env, timeout: NPM_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const output = `${stdout}\n${stderr}`.slice(-4_000);
          fail(new Error(`npm ${args.join(' ')} in ${cwd} failed:\n${output}`));
          return;
        }
        done(stdout);
      },
    );
  });
}

/** Installs `specs` into `dir`, quietly and from the npm cache if it can. */
export function npmInstall(
  dir: string,
  specs: readonly string[],
  pathPrefix?: string,
): Promise<string> {
  return npm(
    dir,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...specs,
    ],
    pathPrefix,
  );
}

/**
 * `npm pack` of this repository into `dir`, which runs the prepack build
 * as a publish would; returns the tarball's path.
 */
export async function packThisPackage(dir: string): Promise<string> {
  await npm(REPO_ROOT, ['pack', '--pack-destination', dir]);
  const tarballs = (await readdir(dir)).filter((f) => f.endsWith('.tgz'));

  if (tarballs.length !== 1) {
    throw new Error(`expected one tarball in ${dir}, found ${tarballs.length}`);
  }
  return join(dir, tarballs[0] as string);
}
