import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  InvalidCursorError,
  type Storage,
  type Tenant,
  type TicketListQuery,
  type TicketSummary,
} from '@deskwire/server';
import { ticketSearchMigration } from '@deskwire/server/storage';

/** What a runner gives the suite: a fresh store, a way to reopen it, and raw SQL on it (for the migration case). */
export interface SearchSuiteStore {
  storage: Storage;
  reopen: () => Promise<Storage>;
  /** Runs statements straight on the database (outside Storage). */
  exec: (statements: readonly string[]) => Promise<void>;
  cleanup: () => Promise<void>;
}

/**
 * The ticket list and search conformance suite (docs/search.md): SQLite and PostgreSQL run exactly these
 * cases, so the same query returns the same tickets on both engines. Tickets are written through the
 * repositories every surface uses, which keep the search rows in step themselves.
 */
export function runTicketSearchSuite(name: string, open: () => Promise<SearchSuiteStore>) {
  describe(`ticket search conformance: ${name}`, () => {
    let store: SearchSuiteStore;
    let storage: Storage;
    const base = Date.parse('2025-03-01T00:00:00Z');
    const at = (minutes: number) => new Date(base + minutes * 60_000);
    const agentA = randomUUID();
    const agentB = randomUUID();
    const flags = { TriggerSLA: true, TriggerAssignmentRule: true, TriggerAutomation: true, TriggerNotification: true };
    const tenant = (orgId: number): Tenant => ({
      orgId,
      name: `Org ${orgId}`,
      apiEnabled: true,
      ipAllowlist: null,
      rateLimit: { max: 25, windowMs: 5000 },
      createdAt: at(0),
    });
    let clock = 0;

    interface NewTicket {
      title: string;
      description?: string;
      status?: string;
      priority?: string;
      channel?: string;
      type?: string;
      subType?: string;
      tags?: string;
      agent?: string | null;
      leadId?: string | null;
      minute?: number;
    }
    /** Creates a ticket as every surface does (number, ticket row, values) in one transaction. */
    function create(orgId: number, t: NewTicket, s: Storage = storage) {
      return s.transaction((tx) => insert(tx, orgId, t));
    }
    /** The writes of `create`, in a transaction of the caller's. */
    async function insert(tx: Parameters<Parameters<Storage['transaction']>[0]>[0], orgId: number, t: NewTicket) {
      const minute = t.minute ?? ++clock;
      const id = randomUUID();
      const n = await tx.tenants.allocateTicketNumber(orgId);
      const values = new Map<string, string | null>([
        ['Title', t.title],
        ['Description', t.description ?? ''],
        ['Status', t.status ?? 'Open'],
        ['Priority', t.priority ?? 'Medium'],
        ['Channel', t.channel ?? 'API'],
        ['Type', t.type ?? 'General'],
        ['SubType', t.subType ?? null],
        ['Tags', t.tags ?? ''],
        ['RelatedAgentId', t.agent ?? null],
      ]);
      await tx.tickets.insert(
        {
          id,
          orgId,
          number: n,
          typeId: 1,
          leadId: t.leadId ?? null,
          createdBy: null,
          flags,
          creationType: 'API',
          createdAt: at(minute),
          updatedAt: at(minute),
        },
        values,
      );
      return { id, number: n };
    }
    const list = (query: Omit<TicketListQuery, 'orgId'>, orgId = 1) => storage.ticketSearch.list({ orgId, ...query });
    const numbers = async (query: Omit<TicketListQuery, 'orgId'>, orgId = 1) =>
      (await list(query, orgId)).tickets.map((t) => t.number);
    /** Every page of a list, following cursors. */
    async function all(query: Omit<TicketListQuery, 'orgId'>, orgId = 1): Promise<TicketSummary[]> {
      const rows: TicketSummary[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await list({ ...query, ...(after !== undefined && { after }) }, orgId);
        rows.push(...page.tickets);
        if (page.nextCursor === undefined) return rows;
        after = page.nextCursor;
      }
      throw new Error('too many pages');
    }

    // Fixture: org 1 has tickets 1–8, org 2 has look-alikes that org 1 must never see.
    const fixture: Record<string, { id: string; number: number }> = {};
    const leadId = randomUUID();
    const otherLeadId = randomUUID();

    before(async () => {
      store = await open();
      storage = store.storage;
      for (const orgId of [1, 2, 3]) {
        await storage.tenants.create(tenant(orgId));
        await storage.fields.replaceLookupValues(
          orgId,
          'Priority',
          ['Low', 'Medium', 'High', 'Urgent'].map((value, i) => ({
            schemaName: 'Priority',
            value,
            text: value,
            sortingOrder: i + 1,
            active: true,
          })),
        );
      }
      await storage.leads.create(
        {
          id: leadId,
          orgId: 1,
          email: 'maria.lopez@example.com',
          phone: '+919876543210',
          firstName: 'Maria',
          lastName: 'Lopez',
          attributes: {},
        },
        at(0),
      );
      await storage.leads.create(
        {
          id: otherLeadId,
          orgId: 2,
          email: 'maria.lopez@example.com',
          phone: '+919876543210',
          firstName: 'Other',
          lastName: 'Tenant',
          attributes: {},
        },
        at(0),
      );
      fixture.printer = await create(1, {
        title: 'Printer on floor two is jammed',
        description: 'The office printer shows error E-42 and the tray is stuck.',
        status: 'Open',
        priority: 'High',
        channel: 'Email',
        type: 'Problem',
        subType: 'Hardware',
        tags: 'office, Hardware',
        agent: agentA,
        leadId,
      });
      fixture.refund = await create(1, {
        title: 'Refund for order 1234',
        description: 'I was charged twice for order-1234. Please refund the duplicate payment.',
        status: 'On Hold',
        priority: 'Urgent',
        channel: 'Portal',
        type: 'Request',
        tags: 'billing; VIP',
        agent: agentB,
      });
      fixture.password = await create(1, {
        title: 'Cannot reset password',
        description: 'The reset link in the email has expired. Printer unrelated.',
        status: 'Resolved',
        priority: 'Low',
        channel: 'Email',
        type: 'Question',
        tags: 'account',
        agent: null,
      });
      fixture.unicode = await create(1, {
        title: 'Größe der Rechnung falsch',
        description: 'Le café est froid. 東京 office. Naïve résumé.',
        status: 'Open',
        priority: 'Medium',
        channel: 'WhatsApp',
        tags: 'billing',
        agent: null,
      });
      fixture.trashed = await create(1, {
        title: 'Printer toner order duplicate',
        description: 'Old duplicate ticket.',
        status: 'Closed',
        priority: 'Low',
      });
      await storage.transaction((tx) => tx.tickets.trash(1, fixture.trashed?.number ?? 0, at(50)));
      fixture.other = await create(2, {
        title: 'Printer on floor two is jammed',
        description: 'Org 2 printer, order 1234, E-42.',
        leadId: otherLeadId,
      });
    });
    after(() => store.cleanup());

    const n = (key: string) => fixture[key]?.number ?? -1;

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
        await storage.fields.replaceLookupValues(
          3,
          'Priority',
          ['Urgent', 'High', 'Medium', 'Low'].map((value, i) => ({
            schemaName: 'Priority',
            value,
            text: value,
            sortingOrder: i + 1,
            active: true,
          })),
        );
        const low = await create(3, { title: 'low', priority: 'Low' });
        const urgent = await create(3, { title: 'urgent', priority: 'Urgent' });
        assert.deepEqual(await numbers({ sort: 'priority' }, 3), [low.number, urgent.number]);
        await storage.fields.replaceLookupValues(
          3,
          'Priority',
          ['Low', 'Medium', 'High', 'Urgent'].map((value, i) => ({
            schemaName: 'Priority',
            value,
            text: value,
            sortingOrder: i + 1,
            active: true,
          })),
        );
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

    describe('full-text search', () => {
      test('words must all occur, in title, description or conversations, any case', async () => {
        assert.deepEqual((await numbers({ text: 'printer' })).sort(), [n('printer'), n('password')].sort());
        assert.deepEqual(await numbers({ text: 'PRINTER jammed' }), [n('printer')]);
        assert.deepEqual(await numbers({ text: 'tray stuck' }), [n('printer')]);
        assert.deepEqual(await numbers({ text: 'printer nonexistentword' }), []);
        assert.deepEqual(await numbers({ text: 'printer', trashed: true }), [n('trashed')]);
        assert.deepEqual(await numbers({ text: 'printer', status: ['Resolved'] }), [n('password')]);
      });

      test('phrases, prefixes, punctuation inside words, unicode', async () => {
        assert.deepEqual(await numbers({ text: '"floor two"' }), [n('printer')]);
        assert.deepEqual(await numbers({ text: '"two floor"' }), []);
        assert.deepEqual(await numbers({ text: 'refu*' }), [n('refund')]);
        assert.deepEqual(await numbers({ text: 'e-42' }), [n('printer')]);
        assert.deepEqual(await numbers({ text: 'order-1234' }), [n('refund')]);
        assert.deepEqual(await numbers({ text: 'größe' }), [n('unicode')]);
        assert.deepEqual(await numbers({ text: 'GRÖSSE' }), [], 'no stemming or folding beyond case');
        assert.deepEqual(await numbers({ text: 'CAFÉ' }), [n('unicode')]);
        assert.deepEqual(await numbers({ text: '東京' }), [n('unicode')]);
        assert.deepEqual(await numbers({ text: 'naïve résumé' }), [n('unicode')]);
      });

      test('odd input is never a syntax error', async () => {
        const odd = [
          '"',
          '""',
          '"unbalanced printer',
          'printer"',
          'NEAR(printer jammed)',
          'printer AND jammed',
          'printer OR refund',
          'NOT printer',
          '*',
          'pr*',
          '* printer',
          ':',
          'title:printer',
          '{title}: printer',
          '&',
          '|',
          '!',
          '<->',
          "'",
          "printer's",
          '\\',
          '(',
          ')',
          '^printer',
          '-printer',
          '+printer',
          '💥',
          '\u0000',
          '\u200b',
          '   ',
          '',
          'a'.repeat(200),
          'x '.repeat(500),
          ':* & | ! <-> ( ) \' " \\ NEAR AND OR NOT',
        ];
        for (const text of odd) {
          const page = await list({ text });
          assert.ok(Array.isArray(page.tickets), JSON.stringify(text));
        }
        // Operators are words like any other, and the words around them still search.
        assert.deepEqual(await numbers({ text: 'NEAR(printer jammed)' }), []);
        assert.deepEqual(await numbers({ text: '"unbalanced printer' }), []);
        assert.deepEqual(await numbers({ text: 'printer"' }), await numbers({ text: 'printer' }));
        assert.deepEqual(await numbers({ text: 'title:printer jammed' }), []);
        assert.deepEqual(await numbers({ text: '{jammed}: printer' }), [n('printer')]);
        // Blank text is no text filter.
        assert.deepEqual(await numbers({ text: '   ' }), await numbers({}));
      });

      test('internal notes only when asked; conversations always', async () => {
        await storage.transaction((tx) =>
          tx.activities.insert({
            orgId: 1,
            ticketId: fixture.refund?.id ?? '',
            type: 'InternalNote',
            html: null,
            text: 'Customer is a chargeback risk, escalate quietly.',
            createdBy: agentA,
            createdAt: at(60),
          }),
        );
        await storage.transaction((tx) =>
          tx.activities.insert({
            orgId: 1,
            ticketId: fixture.password?.id ?? '',
            type: 'InboundEmail',
            html: '<p>Still <b>locked</b> out &amp; waiting</p>',
            text: null,
            createdBy: 'customer',
            createdAt: at(61),
          }),
        );
        assert.deepEqual(await numbers({ text: 'chargeback' }), []);
        const withNotes = await list({ text: 'chargeback', includeNotes: true });
        assert.deepEqual(
          withNotes.tickets.map((t) => t.number),
          [n('refund')],
        );
        const notes = withNotes.tickets[0]?.snippets?.find((s) => s.field === 'notes');
        assert.ok(notes);
        assert.deepEqual(
          notes.highlights.map(([a, b]) => notes.text.slice(a, b)),
          ['chargeback'],
        );
        // With notes, title and description terms match and rank exactly as without (PostgreSQL asks the
        // index for plain words then, without the weights that keep notes out).
        for (const text of [
          'printer',
          'PRINTER jammed',
          '"floor two"',
          '"two floor"',
          'refu*',
          'dupl* refund',
          'e-42',
        ]) {
          const ranked = async (includeNotes: boolean) =>
            (await list({ text, includeNotes })).tickets.map((t) => [t.number, t.rank]);
          assert.deepEqual(await ranked(true), await ranked(false), text);
        }
        // Phrases, prefixes and a mix of note and title words reach the note.
        for (const text of ['"chargeback risk"', 'chargeb*', 'chargeback refu*', '"escalate quietly" order']) {
          assert.deepEqual(await numbers({ text, includeNotes: true }), [n('refund')], text);
          assert.deepEqual(await numbers({ text }), [], text);
        }
        // A conversation stored as HTML only: found, and its snippet is plain text.
        const [locked] = (await list({ text: 'locked waiting' })).tickets;
        assert.equal(locked?.number, n('password'));
        const body = locked?.snippets?.find((s) => s.field === 'body');
        assert.ok(body);
        assert.doesNotMatch(body.text, /<|&amp;/);
        assert.deepEqual(
          body.highlights.map(([a, b]) => body.text.slice(a, b)),
          ['locked', 'waiting'],
        );
      });

      test('snippets: the title always, the best passage, [start, end) ranges on plain text', async () => {
        const [hit] = (await list({ text: 'duplicate refund' })).tickets;
        assert.equal(hit?.number, n('refund'));
        assert.equal(hit?.match, 'text');
        assert.equal(typeof hit?.rank, 'number');
        const [title, body] = hit?.snippets ?? [];
        assert.equal(title?.field, 'title');
        assert.equal(title?.text, 'Refund for order 1234');
        assert.deepEqual(title?.highlights, [[0, 6]]);
        assert.equal(body?.field, 'body');
        assert.deepEqual(
          body?.highlights.map(([a, b]) => body.text.slice(a, b).toLowerCase()),
          ['refund', 'duplicate'],
        );
        for (const [a, b] of body?.highlights ?? []) assert.ok(a < b && b <= (body?.text.length ?? 0));
        const phrase = (await list({ text: '"floor two"' })).tickets[0]?.snippets?.[0];
        assert.deepEqual(
          phrase?.highlights.map(([a, b]) => phrase.text.slice(a, b)),
          ['floor two'],
        );
        const prefix = (await list({ text: 'dupl*' })).tickets[0]?.snippets?.find((s) => s.field === 'body');
        assert.deepEqual(
          prefix?.highlights.map(([a, b]) => prefix.text.slice(a, b)),
          ['duplicate'],
        );
        // A long body is cut around the match, with the cut marked.
        const long = await create(3, {
          title: 'long one',
          description: `${'filler words here '.repeat(40)}the needle sits here ${'more filler text '.repeat(40)}`,
        });
        const [found] = (await list({ text: 'needle' }, 3)).tickets;
        assert.equal(found?.number, long.number);
        const cut = found?.snippets?.find((s) => s.field === 'body');
        assert.ok(cut);
        assert.ok(cut.truncatedStart && cut.truncatedEnd && cut.text.length <= 200);
        assert.deepEqual(
          cut.highlights.map(([a, b]) => cut.text.slice(a, b)),
          ['needle'],
        );
      });

      test('ranking: a title match comes before a description-only match', async () => {
        const ranked = (await list({ text: 'printer' })).tickets;
        assert.deepEqual(
          ranked.map((t) => t.number),
          [n('printer'), n('password')],
        );
        assert.ok((ranked[0]?.rank ?? 0) > (ranked[1]?.rank ?? 0));
        const asc = await numbers({ text: 'printer', order: 'asc' });
        assert.deepEqual(asc, [n('password'), n('printer')]);
        // Other sorts apply to text matches too.
        assert.deepEqual(await numbers({ text: 'printer', sort: 'number', order: 'asc' }), [
          n('printer'),
          n('password'),
        ]);
      });

      test('relevance over more matches than one ranking window: ties, a small tenant, pages', async () => {
        // Org 3: 300 tickets naming the word in the title, all scoring the same (ties across the 256-candidate
        // window the text index ranks first); org 2: five with it only in the description, ranking below all
        // of org 3's, so org 2's page needs a wider window.
        const tied: number[] = [];
        for (let i = 0; i < 300; i++) tied.push((await create(3, { title: 'zebracorn report' })).number);
        const few: number[] = [];
        for (let i = 0; i < 5; i++) {
          few.push((await create(2, { title: 'other', description: 'a zebracorn was seen' })).number);
        }
        assert.deepEqual(await numbers({ text: 'zebracorn' }, 2), [...few].reverse());
        const paged = await all({ text: 'zebracorn', limit: 7 }, 3);
        assert.deepEqual(
          paged.map((t) => t.number),
          [...tied].reverse(),
          'equal scores in ticket number order, each once',
        );
        // Distinct scores: the word in the title of every third ticket, else once in a description of varying length.
        const varied: number[] = [];
        for (let i = 0; i < 300; i++) {
          const title = i % 3 === 0 ? 'quokka sighting' : `note ${i}`;
          const description = i % 3 === 0 ? 'seen' : `quokka ${'and more words '.repeat(1 + (i % 17))}`;
          varied.push((await create(3, { title, description })).number);
        }
        const ranked = await all({ text: 'quokka', limit: 9 }, 3);
        assert.deepEqual(
          ranked.map((t) => t.number).sort((a, b) => a - b),
          varied,
          'every match once',
        );
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1], ranked[i]];
          assert.ok(a && b && a.rank !== undefined && b.rank !== undefined);
          assert.ok(a.rank > b.rank || (a.rank === b.rank && a.number > b.number), `order at ${i}`);
        }
        assert.ok(
          ranked.slice(0, 100).every((t, i) => i >= 100 || t.title === 'quokka sighting'),
          'title matches first',
        );
        const first = await numbers({ text: 'quokka', limit: 100 }, 3);
        assert.deepEqual(
          first,
          ranked.slice(0, 100).map((t) => t.number),
          'a page of 100 is the first 100 of the pages',
        );
      });

      test('direct lookups: number, #number, GUID, lead email and phone find their ticket first', async () => {
        for (const text of [
          `${n('password')}`,
          `#${n('password')}`,
          fixture.password?.id ?? '',
          (fixture.password?.id ?? '').toUpperCase(),
        ]) {
          const [first] = (await list({ text })).tickets;
          assert.equal(first?.number, n('password'), text);
          assert.equal(first?.match, 'direct', text);
        }
        for (const text of ['maria.lopez@example.com', 'Maria.Lopez@Example.com', '+919876543210', '919876543210']) {
          const page = await list({ text });
          assert.equal(page.tickets[0]?.number, n('printer'), text);
          assert.equal(page.tickets[0]?.match, 'direct', text);
        }
        // "1234" names ticket 1234 (none) and is also a word: text matches follow.
        assert.deepEqual(await numbers({ text: '1234' }), [n('refund')]);
        // A direct match still honours the filters, and shows once.
        assert.deepEqual(await numbers({ text: `#${n('password')}`, status: ['Open'] }), []);
        const once = await all({ text: `${n('printer')}`, limit: 1 });
        assert.equal(once.filter((t) => t.number === n('printer')).length, 1);
        assert.deepEqual(await numbers({ text: `#${n('trashed')}` }), []);
        assert.deepEqual(await numbers({ text: `#${n('trashed')}`, trashed: true }), [n('trashed')]);
      });

      test('tenant isolation: org 1 never sees org 2 by text, number, GUID, email or phone', async () => {
        const org2 = fixture.other;
        assert.ok(org2);
        for (const text of ['printer', 'jammed', 'e-42', org2.id, 'maria.lopez@example.com', '+919876543210']) {
          for (const t of (await list({ text, includeNotes: true })).tickets) {
            assert.notEqual(t.id, org2.id, text);
            assert.ok(t.lead === null || t.lead.id !== otherLeadId);
          }
        }
        assert.deepEqual(await numbers({ text: 'printer jammed' }, 2), [org2.number]);
        assert.deepEqual(
          (await list({ text: org2.id }, 1)).tickets.map((t) => t.id),
          [],
        );
        assert.deepEqual(await numbers({}, 4), []);
      });
    });

    test("relevance past the text index's candidate windows: a tenant whose matches rank below 4,096 of another tenant's still gets them all, in pages", async () => {
      // SQLite ranks by FTS5 first, over every tenant's rows, in windows of 256 and 4,096 candidates
      // (storage/index-ranked-page.ts); org 10's short titles full of the word outrank org 9's long
      // descriptions that hold it once, so org 9's page comes from the plain query past the windows.
      for (const orgId of [9, 10]) await storage.tenants.create(tenant(orgId));
      await storage.transaction(async (tx) => {
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

    describe('kept in step with every write', () => {
      test('field updates, trash and restore show at once', async () => {
        const t = await create(3, { title: 'lifecycle gadget', status: 'Open', agent: null });
        await storage.transaction((tx) =>
          tx.tickets.update(
            t.id,
            new Map<string, string>([
              ['Status', 'Resolved'],
              ['RelatedAgentId', agentB],
              ['Title', 'lifecycle sprocket'],
              ['Tags', 'moved'],
            ]),
            { updatedAt: at(5000) },
          ),
        );
        assert.deepEqual(await numbers({ status: ['Resolved'], assigneeIds: [agentB], tags: ['moved'] }, 3), [
          t.number,
        ]);
        assert.deepEqual(await numbers({ text: 'gadget' }, 3), []);
        assert.deepEqual(await numbers({ text: 'sprocket' }, 3), [t.number]);
        assert.equal((await list({}, 3)).tickets[0]?.number, t.number);
        await storage.transaction((tx) => tx.tickets.trash(3, t.number, at(5001)));
        assert.deepEqual(await numbers({ text: 'sprocket' }, 3), []);
        assert.deepEqual(await numbers({ text: 'sprocket', trashed: true }, 3), [t.number]);
        assert.equal(await storage.transaction((tx) => tx.tickets.restore(3, t.number, at(5002))), true);
        assert.equal(await storage.transaction((tx) => tx.tickets.restore(3, t.number, at(5003))), false);
        const [restored] = (await list({ text: 'sprocket' }, 3)).tickets;
        assert.equal(restored?.trashedAt, null);
        assert.equal(restored?.updatedAt.toISOString(), at(5002).toISOString());
      });

      test('a write that rolls back leaves no search row', async () => {
        await assert.rejects(
          storage.transaction(async (tx) => {
            const n = await tx.tenants.allocateTicketNumber(3);
            await tx.tickets.insert(
              {
                id: randomUUID(),
                orgId: 3,
                number: n,
                typeId: 1,
                leadId: null,
                createdBy: null,
                flags,
                creationType: 'API',
                createdAt: at(1),
                updatedAt: at(1),
              },
              new Map([['Title', 'phantom zeppelin']]),
            );
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.deepEqual(await numbers({ text: 'zeppelin' }, 3), []);
      });

      test('a tenant reset removes its rows and its text index entries; numbering restarts cleanly', async () => {
        const orgId = 5;
        await storage.tenants.create(tenant(orgId));
        await create(orgId, { title: 'ephemeral quokka' });
        await create(orgId, { title: 'ephemeral quokka two' });
        assert.equal((await numbers({ text: 'quokka' }, orgId)).length, 2);
        await storage.transaction((tx) => tx.tenantData.deleteTicketData(orgId));
        assert.deepEqual(await numbers({}, orgId), []);
        assert.deepEqual(await numbers({ text: 'quokka' }, orgId), []);
        const again = await create(orgId, { title: 'fresh quokka' });
        assert.equal(again.number, 1);
        assert.deepEqual(await numbers({ text: 'quokka' }, orgId), [1]);
        assert.deepEqual(await numbers({ text: 'ephemeral' }, orgId), []);
      });

      test('reindex rebuilds rows from what is stored', async () => {
        const t = await create(3, { title: 'reindexed walrus' });
        await storage.ticketSearch.reindex([t.id, randomUUID()]);
        assert.deepEqual(await numbers({ text: 'walrus' }, 3), [t.number]);
      });

      test('migration 0010 indexes the tickets that existed before it', async () => {
        const orgId = 6;
        await storage.tenants.create(tenant(orgId));
        const old = await create(orgId, { title: 'ancient narwhal', status: 'On Hold', tags: 'legacy' });
        await storage.transaction((tx) =>
          tx.activities.insert({
            orgId,
            ticketId: old.id,
            type: 'PortalInbound',
            html: null,
            text: 'Any news on the narwhal tusk?',
            createdBy: 'customer',
            createdAt: at(2),
          }),
        );
        await storage.close();
        // Back to a schema without migration 0010's tables, then run the migration again: it creates them and
        // backfills. (Later migrations stay applied: Kysely refuses to re-run one below an applied one.)
        await store.exec([
          'drop table if exists ticket_search_fts',
          'drop table ticket_search_tags',
          'drop table ticket_search',
        ]);
        storage = await store.reopen();
        const db = storage.adapter.connect();
        try {
          await ticketSearchMigration(storage.adapter).up(db);
        } finally {
          await db.destroy();
        }
        assert.deepEqual(await numbers({ text: 'narwhal tusk', status: ['On Hold'], tags: ['LEGACY'] }, orgId), [
          old.number,
        ]);
        assert.deepEqual(await numbers({ text: 'printer jammed' }), [n('printer')]);
      });
    });
  });
}
