/** The storage suite's closing cases: settings, then the data still there after closing and reopening. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StorageSuiteContext } from './storage-suite-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function storageSettingsReopenCases(ctx: StorageSuiteContext) {
  const { tenant } = ctx;

  test('settings: the first writer wins', async () => {
    assert.equal(await ctx.storage.settings.getOrInit('k', 'first'), 'first');
    assert.equal(await ctx.storage.settings.getOrInit('k', 'second'), 'first');
  });

  test('data survives closing and reopening; migrations run once', async () => {
    await ctx.storage.close();
    ctx.storage = await ctx.reopen();
    assert.deepEqual(await ctx.storage.tenants.get(1), tenant(1));
    assert.equal(await ctx.storage.settings.get('k'), 'first');
  });
}
