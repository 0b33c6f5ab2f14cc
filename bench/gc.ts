import { sleep } from './clock';

/**
 * Runs a full garbage collection (a few, letting finalisers and deferred
 * frees run in between), so one measurement does not pay for the garbage
 * of the one before. Needs `node --expose-gc`, as `npm run bench` runs it.
 *
 * @throws Error when gc is not exposed: memory figures would be wrong
 */
export async function collectGarbage(passes = 2): Promise<void> {
  const gc: unknown = (globalThis as { gc?: unknown }).gc;

  if (typeof gc !== 'function') {
    throw new Error('run with node --expose-gc (npm run bench does)');
  }
  for (let pass = 0; pass < passes; pass++) {
    gc();
    await sleep(10);
  }
}
