/**
 * Waits for `work`, but no longer than `ms`. The timer is always cleared,
 * so nothing is left pending when the work finishes first.
 */
export async function withDeadline(
  work: Promise<unknown>,
  ms: number,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });

  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
