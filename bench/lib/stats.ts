// Order statistics for benchmark samples. Every reported figure is the median of several runs, so one
// noisy run on a shared machine moves the minimum or the maximum, not the figure.

/** The middle value (the mean of the two middle values for an even count); NaN for no samples. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/**
 * The nearest-rank percentile (p in 0..100): the smallest sample with at least p% of the samples at
 * or below it. Nearest-rank, not interpolated, so a reported p99 is a latency that was really seen.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** One reported number: every run's value and their median. */
export interface Figure {
  unit: string;
  runs: number[];
  median: number;
}

export function figure(unit: string, runs: readonly number[]): Figure {
  return { unit, runs: [...runs], median: median(runs) };
}

/** `a / b` of two medians; NaN when `b` is not positive. */
export function ratio(a: Figure | number, b: Figure | number): number {
  const x = typeof a === 'number' ? a : a.median;
  const y = typeof b === 'number' ? b : b.median;
  return y > 0 ? x / y : Number.NaN;
}
