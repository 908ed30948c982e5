// The search bench (bench/search.ts) at a tiny size: it loads, measures every case on a store that
// answers them (a case that finds nothing would time nothing), and compares creates with and without
// the index. No timing is asserted: the figures belong in docs/benchmarks.md, not in a unit test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSearchBench } from '../../../bench/search/run-search-bench.js';

test('bench:search runs end to end at a tiny size on SQLite', async () => {
  const result = await runSearchBench({
    engines: ['sqlite'],
    sizes: [150, 300],
    samples: 3,
    creates: 3,
    rounds: 1,
    pgUrl: 'postgres://unused',
  });
  const cases = new Set(result.latency.map((r) => r.case));
  assert.equal(cases.size, 7);
  assert.deepEqual([...new Set(result.latency.map((r) => r.size))], [150, 300]);
  for (const row of result.latency) {
    assert.ok(row.p50 > 0 && row.p95 >= row.p50, row.case);
    if (!row.case.startsWith('search: two words')) assert.ok(row.found > 0, `${row.case} found nothing`);
  }
  const [cost] = result.writeCost;
  assert.ok(cost && cost.withIndex > 0 && cost.withoutIndex > 0);
  assert.equal(cost.rounds.withIndex.length, 1);
});
