/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;

  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;

  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The `fraction` quantile (0.99 for p99) by the nearest-rank method: the
 * smallest sample that at least that fraction of samples do not exceed.
 */
export function percentile(
  sorted: ArrayLike<number>,
  fraction: number,
): number {
  if (sorted.length === 0) return Number.NaN;

  const rank = Math.ceil(fraction * sorted.length);

  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Element-wise ratios of two series measured side by side. */
export function ratios(
  values: readonly number[],
  baselines: readonly number[],
): number[] {
  return values.map((value, i) => value / baselines[i]);
}
