import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PresenceBeat, PresenceStore } from '@deskwire/server';

export interface PresenceFixture {
  /** A store over fresh, empty state. */
  open: () => Promise<PresenceStore>;
  cleanup: () => Promise<void>;
}

const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const TTL = 30_000;
const beatOf = (userId: string, activity: PresenceBeat['activity'], nowMs: number): PresenceBeat => ({
  userId,
  name: `Agent ${userId}`,
  activity,
  nowMs,
  ttlMs: TTL,
});

/** What every `PresenceStore` must do, whatever keeps the entries (core/ticket-presence.ts). */
export function runPresenceSuite(name: string, setup: () => Promise<PresenceFixture>): void {
  describe(`presence store conformance: ${name}`, () => {
    let fixture: PresenceFixture;
    before(async () => {
      fixture = await setup();
    });
    after(() => fixture.cleanup());

    test('a beat is listed with its name, activity, since and expiry', async () => {
      const store = await fixture.open();
      const key = { orgId: 1, ticketNumber: 143 };
      const entry = await store.beat(key, beatOf('a', 'viewing', T0));
      assert.deepEqual(entry, { userId: 'a', name: 'Agent a', activity: 'viewing', sinceMs: T0, expiresMs: T0 + TTL });
      assert.deepEqual(await store.list(key, T0 + 1), [entry]);
    });

    test('a renewal with the same activity keeps since and moves the expiry; a new activity restarts since', async () => {
      const store = await fixture.open();
      const key = { orgId: 1, ticketNumber: 143 };
      await store.beat(key, beatOf('a', 'viewing', T0));
      const renewed = await store.beat(key, beatOf('a', 'viewing', T0 + 10_000));
      assert.equal(renewed.sinceMs, T0);
      assert.equal(renewed.expiresMs, T0 + 10_000 + TTL);
      const replying = await store.beat(key, beatOf('a', 'replying', T0 + 20_000));
      assert.equal(replying.sinceMs, T0 + 20_000);
      assert.deepEqual(await store.list(key, T0 + 20_001), [replying]);
    });

    test('an entry lapses at its expiry unless renewed, and a beat after a lapse starts afresh', async () => {
      const store = await fixture.open();
      const key = { orgId: 1, ticketNumber: 7 };
      await store.beat(key, beatOf('a', 'viewing', T0));
      assert.equal((await store.list(key, T0 + TTL - 1)).length, 1);
      assert.deepEqual(await store.list(key, T0 + TTL), []);
      const again = await store.beat(key, beatOf('a', 'viewing', T0 + TTL + 5));
      assert.equal(again.sinceMs, T0 + TTL + 5, 'since restarts after a lapse');
    });

    test('leave removes one user at once; leaving twice or never present is fine', async () => {
      const store = await fixture.open();
      const key = { orgId: 1, ticketNumber: 8 };
      await store.beat(key, beatOf('a', 'viewing', T0));
      await store.beat(key, beatOf('b', 'replying', T0));
      await store.leave(key, 'b');
      await store.leave(key, 'b');
      await store.leave(key, 'nobody');
      assert.deepEqual(
        (await store.list(key, T0 + 1)).map((e) => e.userId),
        ['a'],
      );
    });

    test('replying first, then by since, then by user id', async () => {
      const store = await fixture.open();
      const key = { orgId: 1, ticketNumber: 9 };
      await store.beat(key, beatOf('c', 'viewing', T0));
      await store.beat(key, beatOf('b', 'viewing', T0 + 1));
      await store.beat(key, beatOf('a', 'viewing', T0 + 1));
      await store.beat(key, beatOf('d', 'replying', T0 + 2));
      assert.deepEqual(
        (await store.list(key, T0 + 3)).map((e) => e.userId),
        ['d', 'c', 'a', 'b'],
      );
    });

    test('tickets and tenants stay apart: the same number in another tenant is another ticket', async () => {
      const store = await fixture.open();
      await store.beat({ orgId: 1, ticketNumber: 10 }, beatOf('a', 'replying', T0));
      assert.deepEqual(await store.list({ orgId: 2, ticketNumber: 10 }, T0 + 1), []);
      assert.deepEqual(await store.list({ orgId: 1, ticketNumber: 11 }, T0 + 1), []);
      await store.leave({ orgId: 2, ticketNumber: 10 }, 'a');
      assert.equal((await store.list({ orgId: 1, ticketNumber: 10 }, T0 + 1)).length, 1);
    });
  });
}
