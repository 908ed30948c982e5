import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database-schema.js';
import type { StorageAdapter } from '../storage-adapter.js';
import { loadSources, TicketSearchIndex } from '../ticket-search-index.js';

/**
 * Ticket lists and full-text search (docs/search.md): one `ticket_search` row per ticket with the
 * fields lists filter and sort on (copied out of `ticket_field_values`, where a filter could use no
 * index), a tags table, and the engine's text index (storage/text-search.ts). Existing tickets are
 * indexed here, in batches, inside the migration's transaction.
 */
export const ticketSearchMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0010 cannot be reverted');
  },
});

/** Tickets indexed per batch while backfilling. */
const BACKFILL_BATCH = 500;

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  await db.schema
    .createTable('ticket_search')
    .addColumn('doc_id', adapter.autoIncrementType, (c) => adapter.autoIncrementPrimaryKey(c))
    .addColumn('ticket_id', 'text', (c) => c.notNull().unique().references('tickets.id'))
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id'))
    .addColumn('number', adapter.integerType, (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('priority', 'text')
    .addColumn('priority_rank', adapter.integerType, (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('channel', 'text')
    .addColumn('type', 'text')
    .addColumn('sub_type', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('trashed', adapter.integerType, (c) => c.notNull())
    .addColumn('trashed_at', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .execute();
  // Every list filters on (org_id, trashed) and ends in the ticket number (the keyset tie-breaker), so
  // each sort has an index that yields a page in order without sorting; the most common filters (status,
  // assignee) get their own for the default sort. Other filters are checked on rows the index yields.
  const indexes: Record<string, string[]> = {
    ticket_search_number: ['org_id', 'number'],
    ticket_search_live_number: ['org_id', 'trashed', 'number'],
    ticket_search_updated: ['org_id', 'trashed', 'updated_at', 'number'],
    ticket_search_created: ['org_id', 'trashed', 'created_at', 'number'],
    ticket_search_priority: ['org_id', 'trashed', 'priority_rank', 'number'],
    ticket_search_status: ['org_id', 'trashed', 'status', 'updated_at', 'number'],
    ticket_search_assignee: ['org_id', 'trashed', 'assignee_id', 'updated_at', 'number'],
    ticket_search_lead: ['org_id', 'lead_id'],
  };
  for (const [name, columns] of Object.entries(indexes)) {
    const index = db.schema.createIndex(name).on('ticket_search').columns(columns);
    await (name === 'ticket_search_number' ? index.unique() : index).execute();
  }

  await db.schema
    .createTable('ticket_search_tags')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_search_tags_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema.createIndex('ticket_search_tags_tag').on('ticket_search_tags').columns(['org_id', 'tag']).execute();

  await adapter.textSearch.createIndex(db);

  // Backfill, in ticket id order, a batch at a time.
  const typed = db as Kysely<Database>;
  const index = new TicketSearchIndex(typed, adapter.textSearch, true);
  let last = '';
  for (;;) {
    const ids = await typed
      .selectFrom('tickets')
      .select('id')
      .where('id', '>', last)
      .orderBy('id')
      .limit(BACKFILL_BATCH)
      .execute();
    if (ids.length === 0) break;
    await index.write(
      await loadSources(
        typed,
        ids.map((r) => r.id),
      ),
    );
    last = ids.at(-1)?.id ?? last;
  }
}
