import { type LoadOptions, type LoadResult, load, type RequestSpec } from './load.js';
import { type Figure, figure } from './stats.js';

export interface Paired {
  a: LoadResult[];
  b: LoadResult[];
}

/**
 * Loads server A and server B with the same request, `rounds` times each, alternating which goes
 * first, so drift on a shared machine (another job starting, thermal change) hits both sides. One
 * short unmeasured round each warms the JIT and the connections first.
 */
export async function pairedLoad(
  a: { base: string; spec: RequestSpec },
  b: { base: string; spec: RequestSpec },
  rounds: number,
  options: LoadOptions,
): Promise<Paired> {
  const warm = { ...options, durationSec: 1 };
  await load(a.base, a.spec, warm);
  await load(b.base, b.spec, warm);
  const result: Paired = { a: [], b: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    for (const side of order) {
      const target = side === 'a' ? a : b;
      result[side].push(await load(target.base, target.spec, options));
    }
  }
  return result;
}

/** req/s, p50 and p99 of each round, plus the per-round ratio a/b of req/s. */
export function pairedFigures(p: Paired, aName: string, bName: string): Record<string, Figure> {
  const of = (xs: LoadResult[], key: 'rps' | 'p50' | 'p99') => xs.map((x) => x[key]);
  return {
    [`${aName}_rps`]: figure('req/s', of(p.a, 'rps')),
    [`${aName}_p50`]: figure('ms', of(p.a, 'p50')),
    [`${aName}_p99`]: figure('ms', of(p.a, 'p99')),
    [`${bName}_rps`]: figure('req/s', of(p.b, 'rps')),
    [`${bName}_p50`]: figure('ms', of(p.b, 'p50')),
    [`${bName}_p99`]: figure('ms', of(p.b, 'p99')),
    // Paired per round: each ratio compares two runs made seconds apart.
    [`${aName}_over_${bName}`]: figure(
      'ratio',
      p.a.map((x, i) => x.rps / (p.b[i]?.rps ?? Number.NaN)),
    ),
  };
}
