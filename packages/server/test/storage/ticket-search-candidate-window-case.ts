/** The ticket search suite's case for a tenant whose matches rank below the text index's candidate windows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchSuiteContext } from './ticket-search-fixture.js';

/** Registers the case; `ctx.storage` is read when it runs, after the suite's `before`. */
export function searchCandidateWindowCase(ctx: SearchSuiteContext) {
  const { tenant, create, insert, list, all } = ctx;

  test("relevance past the text index's candidate windows: a tenant whose matches rank below 4,096 of another tenant's still gets them all, in pages", async () => {
    // SQLite ranks by FTS5 first, over every tenant's rows, in windows of 256 and 4,096 candidates
    // (storage/index-ranked-page.ts); org 10's short titles full of the word outrank org 9's long
    // descriptions that hold it once, so org 9's page comes from the plain query past the windows.
    for (const orgId of [9, 10]) await ctx.storage.tenants.create(tenant(orgId));
    await ctx.storage.transaction(async (tx) => {
      for (let i = 0; i < 4_200; i++) await insert(tx, 10, { title: 'zephyr zephyr zephyr', minute: 1 });
    });
    const filler = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const mine: number[] = [];
    for (const extra of ['', ` ${filler}`, ` ${filler} ${filler}`]) {
      mine.push((await create(9, { title: 'Printer', description: `zephyr${extra}` })).number);
    }
    const pages = await all({ text: 'zephyr', limit: 2 }, 9);
    assert.deepEqual(
      pages.map((t) => t.number).sort((a, b) => a - b),
      mine,
    );
    const scores = pages.map((t) => t.rank ?? 0);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      'best first across the pages',
    );
    assert.equal((await list({ text: 'zephyr', count: true }, 9)).total, 3);
  });
}
