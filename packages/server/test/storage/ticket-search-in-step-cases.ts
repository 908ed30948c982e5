/** The ticket search suite's cases that the search rows follow every write: updates, rollbacks, resets, reindex, migration. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { ticketSearchMigration } from '@deskwire/server/storage';
import type { SearchSuiteContext } from './ticket-search-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function searchInStepCases(ctx: SearchSuiteContext) {
  const { at, agentB, flags, tenant, create, list, numbers, n } = ctx;

  /** A ticket's indexed text as stored in its search row. */
  const textOf = (ticketId: string) =>
    ctx.storage.activities.db
      .selectFrom('ticket_search')
      .select(['title', 'body', 'notes'])
      .where('ticket_id', '=', ticketId)
      .executeTakeFirstOrThrow();

  describe('kept in step with every write', () => {
    test('field updates, trash and restore show at once', async () => {
      const t = await create(3, { title: 'lifecycle gadget', status: 'Open', agent: null });
      await ctx.storage.transaction((tx) =>
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
      assert.deepEqual(await numbers({ status: ['Resolved'], assigneeIds: [agentB], tags: ['moved'] }, 3), [t.number]);
      assert.deepEqual(await numbers({ text: 'gadget' }, 3), []);
      assert.deepEqual(await numbers({ text: 'sprocket' }, 3), [t.number]);
      assert.equal((await list({}, 3)).tickets[0]?.number, t.number);
      await ctx.storage.transaction((tx) => tx.tickets.trash(3, t.number, at(5001)));
      assert.deepEqual(await numbers({ text: 'sprocket' }, 3), []);
      assert.deepEqual(await numbers({ text: 'sprocket', trashed: true }, 3), [t.number]);
      assert.equal(await ctx.storage.transaction((tx) => tx.tickets.restore(3, t.number, at(5002))), true);
      assert.equal(await ctx.storage.transaction((tx) => tx.tickets.restore(3, t.number, at(5003))), false);
      const [restored] = (await list({ text: 'sprocket' }, 3)).tickets;
      assert.equal(restored?.trashedAt, null);
      assert.equal(restored?.updatedAt.toISOString(), at(5002).toISOString());
    });

    test('conversations and notes added one by one, and field updates after them, read as a rebuild would', async () => {
      const t = await create(3, { title: 'threaded pelican', description: 'Opening words' });
      const add = (
        type: 'InboundEmail' | 'OutboundEmail' | 'PortalInbound' | 'InternalNote',
        text: string | null,
        html: string | null = null,
      ) =>
        ctx.storage.transaction((tx) =>
          tx.activities.insert({
            orgId: 3,
            ticketId: t.id,
            type,
            html,
            text,
            createdBy: 'customer',
            createdAt: at(70),
          }),
        );
      const row = () => textOf(t.id);
      await add('InboundEmail', null, '<p>First <b>reply</b> &amp; more</p>');
      await add('InternalNote', 'quiet pelicannote');
      await add('PortalInbound', ''); // no text: no part, and no separator
      await add('InternalNote', null, '<i>second</i> note');
      assert.deepEqual(await row(), {
        title: 'threaded pelican',
        body: 'Opening words\n\nFirst reply & more',
        notes: 'quiet pelicannote\n\nsecond note',
      });
      // Past the cap (MAX_INDEXED_CHARS from the start of the part), later text is not indexed.
      await add('OutboundEmail', 'filler '.repeat(20_000));
      await add('InboundEmail', 'beyondthecap');
      const appended = await row();
      assert.equal(appended.body.length, 100_000);
      await ctx.storage.ticketSearch.reindex([t.id]);
      assert.deepEqual(appended, await row());
      assert.deepEqual(await numbers({ text: 'beyondthecap' }, 3), []);
      assert.deepEqual(await numbers({ text: 'pelicannote' }, 3), []);
      assert.deepEqual(await numbers({ text: 'pelicannote', includeNotes: true }, 3), [t.number]);

      // A field update keeps the indexed text unless the description changed; either way, as a rebuild has it.
      const update = (values: ReadonlyArray<[string, string]>, minute: number) =>
        ctx.storage.transaction((tx) => tx.tickets.update(t.id, new Map(values), { updatedAt: at(minute) }));
      await update(
        [
          ['Status', 'Resolved'],
          ['Title', 'threaded cormorant'],
        ],
        71,
      );
      const updated = await row();
      assert.deepEqual(updated, { ...appended, title: 'threaded cormorant' });
      await ctx.storage.ticketSearch.reindex([t.id]);
      assert.deepEqual(await row(), updated);
      await update([['Description', 'Reworded opening']], 72);
      const described = await row();
      assert.ok(described.body.startsWith('Reworded opening\n\nFirst reply & more'), described.body.slice(0, 40));
      await ctx.storage.ticketSearch.reindex([t.id]);
      assert.deepEqual(await row(), described);
      assert.deepEqual(await numbers({ text: 'cormorant reworded', status: ['Resolved'] }, 3), [t.number]);
    });

    test('conversations added to one ticket at once all reach its text, in the order a rebuild gives', async () => {
      const t = await create(3, { title: 'crowded heron' });
      const words = ['alphaheron', 'betaheron', 'gammaheron', 'deltaheron', 'epsilonheron', 'zetaheron'];
      await Promise.all(
        words.map((word, i) =>
          ctx.storage.transaction((tx) =>
            tx.activities.insert({
              orgId: 3,
              ticketId: t.id,
              type: i % 2 === 0 ? 'InboundEmail' : 'InternalNote',
              html: null,
              text: word,
              createdBy: 'customer',
              createdAt: at(80 + i),
            }),
          ),
        ),
      );
      const appended = await textOf(t.id);
      for (const word of words) assert.ok(`${appended.body} ${appended.notes}`.includes(word), word);
      await ctx.storage.ticketSearch.reindex([t.id]);
      assert.deepEqual(await textOf(t.id), appended);
    });

    test("an activity with a given id that sorts before the ticket's others is indexed in id order", async () => {
      const t = await create(3, { title: 'imported ibis' });
      const latest = await ctx.storage.activities.db
        .selectFrom('activities')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow();
      const base = Number(latest.id ?? 0);
      const add = (id: number, text: string) =>
        ctx.storage.transaction((tx) =>
          tx.activities.insert({
            id,
            orgId: 3,
            ticketId: t.id,
            type: 'InboundEmail',
            html: null,
            text,
            createdBy: 'customer',
            createdAt: at(90),
          }),
        );
      await add(base + 1000, 'laterword');
      await add(base + 500, 'earlierword');
      const added = await textOf(t.id);
      assert.ok(added.body.indexOf('earlierword') < added.body.indexOf('laterword'), added.body);
      await ctx.storage.ticketSearch.reindex([t.id]);
      assert.deepEqual(await textOf(t.id), added);
    });

    test('a write that rolls back leaves no search row', async () => {
      await assert.rejects(
        ctx.storage.transaction(async (tx) => {
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
      await ctx.storage.tenants.create(tenant(orgId));
      await create(orgId, { title: 'ephemeral quokka' });
      await create(orgId, { title: 'ephemeral quokka two' });
      assert.equal((await numbers({ text: 'quokka' }, orgId)).length, 2);
      await ctx.storage.transaction((tx) => tx.tenantData.deleteTicketData(orgId));
      assert.deepEqual(await numbers({}, orgId), []);
      assert.deepEqual(await numbers({ text: 'quokka' }, orgId), []);
      const again = await create(orgId, { title: 'fresh quokka' });
      assert.equal(again.number, 1);
      assert.deepEqual(await numbers({ text: 'quokka' }, orgId), [1]);
      assert.deepEqual(await numbers({ text: 'ephemeral' }, orgId), []);
    });

    test('reindex rebuilds rows from what is stored', async () => {
      const t = await create(3, { title: 'reindexed walrus' });
      await ctx.storage.ticketSearch.reindex([t.id, randomUUID()]);
      assert.deepEqual(await numbers({ text: 'walrus' }, 3), [t.number]);
    });

    test('migration 0010 indexes the tickets that existed before it', async () => {
      const orgId = 6;
      await ctx.storage.tenants.create(tenant(orgId));
      const old = await create(orgId, { title: 'ancient narwhal', status: 'On Hold', tags: 'legacy' });
      await ctx.storage.transaction((tx) =>
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
      await ctx.storage.close();
      // Back to a schema without migration 0010's tables, then run the migration again: it creates them and
      // backfills. (Later migrations stay applied: Kysely refuses to re-run one below an applied one.)
      await ctx.store.exec([
        'drop table if exists ticket_search_fts',
        'drop table ticket_search_tags',
        'drop table ticket_search',
      ]);
      ctx.storage = await ctx.store.reopen();
      const db = ctx.storage.adapter.connect();
      try {
        await ticketSearchMigration(ctx.storage.adapter).up(db);
      } finally {
        await db.destroy();
      }
      assert.deepEqual(await numbers({ text: 'narwhal tusk', status: ['On Hold'], tags: ['LEGACY'] }, orgId), [
        old.number,
      ]);
      assert.deepEqual(await numbers({ text: 'printer jammed' }), [n('printer')]);
    });
  });
}
