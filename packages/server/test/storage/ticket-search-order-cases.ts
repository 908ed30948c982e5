/** The ticket search suite's sorting and cursor cases: every sort and order, pages, and cursors under writes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidCursorError } from '@deskwire/server';
import type { SearchSuiteContext } from './ticket-search-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function searchOrderCases(ctx: SearchSuiteContext) {
  const { create, list, numbers, all, n } = ctx;

  describe('sorting and cursors', () => {
    test('each sort, both orders; the ticket number breaks ties', async () => {
      const live = [n('printer'), n('refund'), n('password'), n('unicode')];
      assert.deepEqual(await numbers({ sort: 'number', order: 'asc' }), live);
      assert.deepEqual(await numbers({ sort: 'number' }), [...live].reverse());
      assert.deepEqual(await numbers({ sort: 'created', order: 'asc' }), live);
      assert.deepEqual(await numbers({ sort: 'updated', order: 'asc' }), live);
      // Urgent (4), High (3), Medium (2), Low (1).
      assert.deepEqual(await numbers({ sort: 'priority' }), [n('refund'), n('printer'), n('unicode'), n('password')]);
      assert.deepEqual(await numbers({ sort: 'priority', order: 'asc' }), [
        n('password'),
        n('unicode'),
        n('printer'),
        n('refund'),
      ]);
      // Without text, relevance means the default (updated).
      assert.deepEqual(await numbers({ sort: 'relevance' }), await numbers({}));
    });

    test('priority order follows the Priority lookup, also after it is reordered', async () => {
      await ctx.priorityOrder(3, ['Urgent', 'High', 'Medium', 'Low']);
      const low = await create(3, { title: 'low', priority: 'Low' });
      const urgent = await create(3, { title: 'urgent', priority: 'Urgent' });
      assert.deepEqual(await numbers({ sort: 'priority' }, 3), [low.number, urgent.number]);
      await ctx.priorityOrder(3, ['Low', 'Medium', 'High', 'Urgent']);
      assert.deepEqual(await numbers({ sort: 'priority' }, 3), [urgent.number, low.number]);
    });

    test('pages of every sort join up to the whole list', async () => {
      for (const sort of ['updated', 'created', 'number', 'priority'] as const) {
        for (const order of ['asc', 'desc'] as const) {
          const whole = await numbers({ sort, order, limit: 100 });
          const paged = (await all({ sort, order, limit: 1 })).map((t) => t.number);
          assert.deepEqual(paged, whole, `${sort} ${order}`);
        }
      }
      const whole = await numbers({ text: 'printer', limit: 100 });
      assert.deepEqual(
        (await all({ text: 'printer', limit: 1 })).map((t) => t.number),
        whole,
      );
      // A search sorted by a column finds the same tickets as by relevance, in that column's order.
      for (const sort of ['updated', 'created', 'number', 'priority'] as const) {
        for (const order of ['asc', 'desc'] as const) {
          const sorted = await numbers({ text: 'printer', sort, order, limit: 100 });
          assert.deepEqual([...sorted].sort(), [...whole].sort(), `text, ${sort} ${order}`);
          const ticketOrder = await numbers({ sort, order, limit: 100 });
          assert.deepEqual(
            sorted,
            ticketOrder.filter((n) => sorted.includes(n)),
            `text, ${sort} ${order}: the list's order`,
          );
          const paged = (await all({ text: 'printer', sort, order, limit: 1 })).map((t) => t.number);
          assert.deepEqual(paged, sorted, `text, ${sort} ${order}: pages`);
        }
      }
    });

    test('a cursor stays exact while tickets are inserted concurrently: no ticket twice, none skipped', async () => {
      const orgId = 3;
      const start = 1000;
      for (let i = 0; i < 12; i++) await create(orgId, { title: `stable ${i} widget`, minute: start + (i % 4) });
      const before = await numbers({ sort: 'updated', limit: 100 }, orgId);
      for (const query of [
        { sort: 'updated' as const },
        { sort: 'created' as const, order: 'asc' as const },
        { sort: 'number' as const },
        { text: 'widget', sort: 'updated' as const },
      ]) {
        const seen: number[] = [];
        let page = await list({ ...query, limit: 5 }, orgId);
        seen.push(...page.tickets.map((t) => t.number));
        while (page.nextCursor !== undefined) {
          // Writers insert before and after the cursor (same timestamps as existing rows, newer and older).
          await Promise.all([
            create(orgId, { title: 'inserted widget', minute: start + 2 }),
            create(orgId, { title: 'inserted widget', minute: start + 100 }),
            create(orgId, { title: 'inserted widget', minute: start - 100 }),
          ]);
          page = await list({ ...query, limit: 5, after: page.nextCursor }, orgId);
          seen.push(...page.tickets.map((t) => t.number));
        }
        assert.equal(new Set(seen).size, seen.length, `${JSON.stringify(query)}: a ticket came twice`);
        const original = before.filter((x) => x !== undefined);
        for (const number of original.filter((x) => x > 2)) {
          assert.ok(seen.includes(number), `${JSON.stringify(query)}: ticket ${number} skipped`);
        }
      }
    });

    test('a cursor of another list, or no cursor at all, is refused', async () => {
      const page = await list({ sort: 'number', limit: 1 });
      assert.ok(page.nextCursor);
      await assert.rejects(list({ sort: 'updated', after: page.nextCursor }), InvalidCursorError);
      await assert.rejects(list({ sort: 'number', order: 'asc', after: page.nextCursor }), InvalidCursorError);
      await assert.rejects(list({ text: 'printer', sort: 'number', after: page.nextCursor }), InvalidCursorError);
      for (const bad of ['garbage!', 'e30', Buffer.from('[1,"number","desc",0,0,"x",1.5]').toString('base64url')]) {
        await assert.rejects(list({ after: bad }), InvalidCursorError, bad);
      }
      // The limit is capped, never an error.
      assert.equal((await list({ limit: 10_000 })).tickets.length, 4);
      assert.equal((await list({ limit: 0 })).tickets.length, 1);
    });
  });
}
