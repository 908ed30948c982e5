/** A point of a time series: `x` in minutes since the start, `y` the measured value. */
export interface Point {
  x: number;
  y: number;
}

/**
 * The least-squares slope of `y` over `x` (units of y per minute): the drift of a series that a soak must
 * keep near zero. `undefined` for fewer than two distinct x values, where no line is defined.
 */
export function leastSquaresSlope(points: readonly Point[]): number | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - meanX) * (p.y - meanY);
    den += (p.x - meanX) ** 2;
  }
  return den === 0 ? undefined : num / den;
}

/** The nearest-rank percentile (`q` in 0..1) of unsorted values; `undefined` when there are none. */
export function percentile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}
