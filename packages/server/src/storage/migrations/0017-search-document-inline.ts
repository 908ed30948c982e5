import { type Migration, sql } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * PostgreSQL: keep each ticket's `tsvector` in its `ticket_search` row. A ticket's row holds its plain
 * text too (for snippets), and by default PostgreSQL moves the widest values of a row over ~2 kB out to
 * the TOAST table, which was often the document: ranking a search then fetched and decompressed it from
 * there for every matching ticket (ten thousand for two common words at a million tickets). With storage
 * `main` the text columns go out first and the document stays in the row unless the row cannot fit a page
 * without it. SQLite: nothing (FTS5 keeps its own index).
 *
 * Only the column's setting changes here (a catalogue update, over in moments): every document written
 * from now on is stored in its row, and one already written moves in when its ticket is next written (or
 * when an operator rewrites it in batches: docs/deploy.md). Rewriting them all here would hold the table's exclusive lock
 * (taken by ALTER TABLE, kept to the end of the migrations' one transaction) for minutes at a million
 * tickets, stopping every list, search and ticket write meanwhile.
 */
export const searchDocumentInlineMigration = (adapter: StorageAdapter): Migration => ({
  up: async (db) => {
    if (adapter.name !== 'postgres') return;
    await sql`alter table ticket_search alter column document set storage main`.execute(db);
  },
  down: async (db) => {
    if (adapter.name !== 'postgres') return;
    await sql`alter table ticket_search alter column document set storage extended`.execute(db);
  },
});
