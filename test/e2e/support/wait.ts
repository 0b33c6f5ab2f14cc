/**
 * Polls `condition` until it holds; fails naming `what` after `timeoutMs`.
 * `detail`, when given, adds what was seen to the failure message.
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  detail?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!(await condition())) {
    if (Date.now() > deadline) {
      const seen = detail ? `; ${detail()}` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${seen}`,
      );
    }
    await delay(25);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
