import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NewJournalEntry, RequestJournal } from '@deskwire/server';

export interface JournalFixture {
  /** A journal keeping `capacity` entries per tenant, over fresh, empty state. */
  open: (capacity: number) => Promise<RequestJournal>;
  cleanup: () => Promise<void>;
}

let clock = Date.parse('2026-11-21T10:00:00.000Z');

/** A journal entry whose `at` is one second after the previous one made here. */
export function entry(orgId: number, patch: Partial<NewJournalEntry> = {}): NewJournalEntry {
  clock += 1000;
  return {
    at: new Date(clock).toISOString(),
    orgId,
    method: 'GET',
    path: `/api/tenants/${orgId}/tickets/1`,
    operation: 'lsq.getTicket',
    status: 200,
    latencyMs: 1.5,
    requestBytes: null,
    responseBytes: 321,
    faultId: null,
    ...patch,
  };
}

/** What every `RequestJournal` must do, whatever keeps the entries (request-journal.ts). */
export function runJournalSuite(name: string, setup: () => Promise<JournalFixture>): void {
  describe(`request journal conformance: ${name}`, () => {
    let fixture: JournalFixture;
    before(async () => {
      fixture = await setup();
    });
    after(() => fixture.cleanup());

    test('keeps every field, lists oldest first per tenant, numbers each tenant from 1', async () => {
      const journal = await fixture.open(10);
      const first = entry(1, { method: 'POST', operation: 'lsq.createTicket', requestBytes: 42, faultId: 'f-1' });
      const other = entry(2);
      const second = entry(1, { status: 404, operation: null, responseBytes: null });
      for (const e of [first, other, second]) await journal.record(e);
      const listed = await journal.list(1);
      assert.deepEqual(
        listed.map(({ id: _id, ...rest }) => rest),
        [first, second],
      );
      assert.deepEqual(
        listed.map((e) => e.id),
        [1, 2],
      );
      assert.deepEqual(
        (await journal.list(2)).map((e) => e.id),
        [1],
        "tenant 2's ids do not count tenant 1's calls",
      );
      assert.deepEqual(await journal.list(3), [], 'a tenant with no entries');
    });

    test("another tenant's calls never move a tenant's ids (they would show how busy it is)", async () => {
      const journal = await fixture.open(10);
      await journal.record(entry(5));
      for (let i = 0; i < 7; i++) await journal.record(entry(6));
      await journal.record(entry(5));
      assert.deepEqual(
        (await journal.list(5)).map((e) => e.id),
        [1, 2],
      );
    });

    test('ids go on after a clear, a wrap and clear(): a tail with `after` never misses an entry', async () => {
      const journal = await fixture.open(2);
      for (let i = 0; i < 3; i++) await journal.record(entry(7));
      assert.deepEqual(
        (await journal.list(7)).map((e) => e.id),
        [2, 3],
        'the oldest wrapped out',
      );
      await journal.clear(7);
      await journal.record(entry(7));
      assert.deepEqual(
        (await journal.list(7)).map((e) => e.id),
        [4],
        'after clear(orgId)',
      );
      await journal.clear();
      await journal.record(entry(7));
      assert.deepEqual(
        (await journal.list(7)).map((e) => e.id),
        [5],
        'after clear()',
      );
    });

    test('keeps only the most recent `capacity` entries of each tenant', async () => {
      const journal = await fixture.open(3);
      for (let i = 1; i <= 5; i++) await journal.record(entry(11, { path: `/call/${i}` }));
      await journal.record(entry(12));
      assert.deepEqual(
        (await journal.list(11)).map((e) => e.path),
        ['/call/3', '/call/4', '/call/5'],
      );
      assert.equal((await journal.list(12)).length, 1);
    });

    test('filters by operation, exact status, status class, since and limit', async () => {
      const journal = await fixture.open(50);
      const entries = [
        entry(21, { operation: 'lsq.getTicket', status: 200 }),
        entry(21, { operation: 'lsq.createTicket', status: 503 }),
        entry(21, { operation: 'lsq.getTicket', status: 502 }),
        entry(21, { operation: 'lsq.getTicket', status: 404 }),
      ];
      for (const e of entries) await journal.record(e);
      const paths = async (query: Parameters<RequestJournal['list']>[1]) =>
        (await journal.list(21, query)).map((e) => `${e.operation}:${e.status}`);
      assert.deepEqual(await paths({ operation: 'lsq.getTicket' }), [
        'lsq.getTicket:200',
        'lsq.getTicket:502',
        'lsq.getTicket:404',
      ]);
      assert.deepEqual(await paths({ status: '503' }), ['lsq.createTicket:503']);
      assert.deepEqual(await paths({ status: '5xx' }), ['lsq.createTicket:503', 'lsq.getTicket:502']);
      assert.deepEqual(await paths({ since: new Date(entries[2]?.at ?? '') }), [
        'lsq.getTicket:502',
        'lsq.getTicket:404',
      ]);
      assert.deepEqual(await paths({ limit: 2 }), ['lsq.getTicket:502', 'lsq.getTicket:404']);
      assert.deepEqual(await paths({ operation: 'lsq.getTicket', status: '5xx', limit: 5 }), ['lsq.getTicket:502']);
    });

    test('clear(orgId) forgets one tenant and counts; clear() forgets all and counts', async () => {
      const journal = await fixture.open(10);
      for (let i = 0; i < 3; i++) await journal.record(entry(31));
      for (let i = 0; i < 2; i++) await journal.record(entry(32));
      await journal.record(entry(33));
      assert.equal(await journal.clear(31), 3);
      assert.deepEqual(await journal.list(31), []);
      assert.equal((await journal.list(32)).length, 2);
      assert.equal(await journal.clear(31), 0, 'nothing left to clear');
      assert.equal(await journal.clear(), 3, 'every remaining entry');
      assert.deepEqual(await journal.list(32), []);
      assert.deepEqual(await journal.list(33), []);
      await journal.record(entry(32));
      assert.equal((await journal.list(32)).length, 1, 'records again after a clear');
    });
  });
}
