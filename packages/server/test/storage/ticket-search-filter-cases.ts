/** The ticket search suite's filter cases: each filter alone and combined, the summary a list returns, counts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SearchSuiteContext } from './ticket-search-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function searchFilterCases(ctx: SearchSuiteContext) {
  const { at, agentA, agentB, fixture, leadId, list, numbers, n } = ctx;

  describe('filters', () => {
    test('no filter: the live tickets, most recently updated first; trashed ones only with trashed', async () => {
      assert.deepEqual(await numbers({}), [n('unicode'), n('password'), n('refund'), n('printer')]);
      assert.deepEqual(await numbers({ trashed: true }), [n('trashed')]);
      const [trashed] = (await list({ trashed: true })).tickets;
      assert.equal(trashed?.trashedAt?.toISOString(), at(50).toISOString());
    });

    test('status, priority, channel, type and sub-type: any of the values, AND across filters', async () => {
      assert.deepEqual((await numbers({ status: ['Open'] })).sort(), [n('printer'), n('unicode')].sort());
      assert.deepEqual((await numbers({ status: ['Open', 'On Hold'] })).length, 3);
      assert.deepEqual(await numbers({ priority: ['Urgent'] }), [n('refund')]);
      assert.deepEqual((await numbers({ channel: ['Email'] })).sort(), [n('printer'), n('password')].sort());
      assert.deepEqual(await numbers({ channel: ['Email'], status: ['Resolved'] }), [n('password')]);
      assert.deepEqual(await numbers({ type: ['Problem'] }), [n('printer')]);
      assert.deepEqual(await numbers({ subType: ['Hardware'] }), [n('printer')]);
      assert.deepEqual(await numbers({ status: ['No such status'] }), []);
      assert.deepEqual((await numbers({ status: [] })).length, 4, 'an empty list does not filter');
    });

    test('assignee, unassigned, and either', async () => {
      assert.deepEqual(await numbers({ assigneeIds: [agentA] }), [n('printer')]);
      assert.deepEqual(await numbers({ assigneeIds: [agentA.toUpperCase()] }), [n('printer')]);
      assert.deepEqual((await numbers({ unassigned: true })).sort(), [n('password'), n('unicode')].sort());
      assert.deepEqual(
        (await numbers({ unassigned: true, assigneeIds: [agentB] })).sort(),
        [n('refund'), n('password'), n('unicode')].sort(),
      );
    });

    test('tags: every tag given, case-insensitively; split at commas and semicolons', async () => {
      assert.deepEqual((await numbers({ tags: ['billing'] })).sort(), [n('refund'), n('unicode')].sort());
      assert.deepEqual(await numbers({ tags: ['BILLING', 'vip'] }), [n('refund')]);
      assert.deepEqual(await numbers({ tags: ['billing', 'office'] }), []);
      const [printer] = (await list({ tags: ['hardware'] })).tickets;
      assert.deepEqual(printer?.tags, ['office', 'Hardware']);
    });

    test('created and updated ranges: from inclusive, to exclusive', async () => {
      const created = (await list({ sort: 'created', order: 'asc' })).tickets;
      const second = created[1]?.createdAt as Date;
      const third = created[2]?.createdAt as Date;
      assert.deepEqual(await numbers({ createdFrom: second, createdTo: third }), [created[1]?.number]);
      assert.deepEqual((await numbers({ updatedFrom: third })).length, 2);
      assert.deepEqual((await numbers({ updatedTo: second })).length, 1);
    });

    test('a summary carries what a list view shows, with the lead', async () => {
      const [printer] = (await list({ assigneeIds: [agentA] })).tickets;
      assert.ok(printer);
      assert.equal(printer.id, fixture.printer?.id);
      assert.equal(printer.title, 'Printer on floor two is jammed');
      assert.equal(printer.status, 'Open');
      assert.equal(printer.priority, 'High');
      assert.equal(printer.channel, 'Email');
      assert.equal(printer.type, 'Problem');
      assert.equal(printer.subType, 'Hardware');
      assert.equal(printer.assigneeId, agentA);
      assert.equal(printer.trashedAt, null);
      assert.deepEqual(printer.lead, {
        id: leadId,
        email: 'maria.lopez@example.com',
        phone: '+919876543210',
        firstName: 'Maria',
        lastName: 'Lopez',
      });
      assert.equal(printer.match, undefined, 'no text query: no match kind');
      assert.equal(printer.snippets, undefined);
    });

    test('counts when asked', async () => {
      assert.equal((await list({ count: true, limit: 1 })).total, 4);
      assert.equal((await list({ status: ['Open'] })).total, undefined);
      assert.equal((await list({ text: 'printer', count: true })).total, 2);
      assert.equal((await list({ text: `#${n('password')}`, count: true })).total, 1);
      assert.equal((await list({ text: 'printer', trashed: true, count: true })).total, 1);
    });
  });
}
