import { type Migration, sql } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * PostgreSQL: keep each ticket's `tsvector` in its `ticket_search` row. A ticket's row holds its plain
 * text too (for snippets), and by default PostgreSQL moves the widest values of a row over ~2 kB out to
 * the TOAST table, which was often the document: ranking a search then fetched and decompressed it from
 * there for every matching ticket (ten thousand for two common words at a million tickets). With storage
 * `main` the text columns go out first and the document stays in the row unless the row cannot fit a page
 * without it. Existing documents are rewritten so they move in now, not at their ticket's next write.
 * SQLite: nothing (FTS5 keeps its own index).
 *
 * Measured at a million tickets (docs/benchmarks.md, "Ticket lists and search"): a two-word relevance
 * search's p95 went from about 90–130 ms to about 50 ms.
 */
export const searchDocumentInlineMigration = (adapter: StorageAdapter): Migration => ({
  up: async (db) => {
    if (adapter.name !== 'postgres') return;
    await sql`alter table ticket_search alter column document set storage main`.execute(db);
    // `|| ''` makes a new value, which is stored under the new strategy; an unchanged one would keep its
    // TOAST pointer.
    await sql`update ticket_search set document = document || ''::tsvector where document <> ''::tsvector`.execute(db);
  },
  down: async (db) => {
    if (adapter.name !== 'postgres') return;
    await sql`alter table ticket_search alter column document set storage extended`.execute(db);
  },
});
