import { type SqlBool, sql } from 'kysely';
import type { QueryTerm } from '../core/search-text.js';
import type { TextSearchDialect } from './text-search.js';

/**
 * SQLite: a contentless FTS5 table (`content=''`, `contentless_delete=1`) whose rowid is
 * `ticket_search.doc_id`. It is fed the normalised terms joined by spaces, and tokenized with `ascii`
 * (splits only at ASCII separators, keeps every other character), so FTS5 sees exactly our terms. The
 * text for snippets lives in `ticket_search`; a trigger deletes the FTS5 row with its `ticket_search` row.
 */
export const sqliteTextSearch: TextSearchDialect = {
  async createIndex(db) {
    await sql`create virtual table ticket_search_fts using fts5(
      title, body, notes, content='', contentless_delete=1, tokenize='ascii')`.execute(db);
    await sql`create trigger ticket_search_fts_delete after delete on ticket_search begin
      delete from ticket_search_fts where rowid = old.doc_id;
    end`.execute(db);
  },

  rowColumns: () => ({}),

  async write(db, entries) {
    // 4 parameters a row; SQLite allows 32766 per statement.
    for (let i = 0; i < entries.length; i += 500) {
      const rows = entries
        .slice(i, i + 500)
        .map(
          ({ docId, terms }) =>
            sql`(${docId}, ${terms.title.join(' ')}, ${terms.body.join(' ')}, ${terms.notes.join(' ')})`,
        );
      await sql`insert or replace into ticket_search_fts (rowid, title, body, notes) values ${sql.join(rows)}`.execute(
        db,
      );
    }
  },

  matches(query, includeNotes) {
    const expression = fts5Expression(query, includeNotes);
    // bm25 is lower for better matches; negated so that larger is better on both engines. Title
    // matches weigh most, then description and conversations, then notes.
    // FTS5's ranking functions work only in the query that matches, hence a derived table.
    const join = sql<{ doc_id: number; score: number }>`(select rowid as doc_id,
      -bm25(ticket_search_fts, ${sql.raw(BM25_WEIGHTS)}) as score
      from ticket_search_fts where ticket_search_fts match ${expression})`.as('m');
    return { join, score: sql<number>`m.score` };
  },

  ranking: {
    best(query, includeNotes, { order, limit, bound }) {
      const score = sql`-bm25(ticket_search_fts, ${sql.raw(BM25_WEIGHTS)})`;
      const within =
        bound === undefined ? sql`` : order === 'desc' ? sql`and ${score} <= ${bound}` : sql`and ${score} >= ${bound}`;
      return sql<{ doc_id: number; score: number }>`select rowid as doc_id, ${score} as score from ticket_search_fts
        where ticket_search_fts match ${fts5Expression(query, includeNotes)} ${within}
        order by score ${sql.raw(order)} limit ${limit}`;
    },
    // NOT INDEXED still looks rows up by rowid (doc_id), and forbids every other index.
    byDocId: sql.raw('ticket_search as s not indexed'),
  },

  matching: (query, includeNotes) =>
    sql<SqlBool>`s.doc_id in (select rowid from ticket_search_fts where ticket_search_fts match ${fts5Expression(query, includeNotes)})`,

  scoreValue: (value) => sql<number>`${value}`,
};

/** bm25 column weights: title, then description and conversations, then notes. */
const BM25_WEIGHTS = '10.0, 2.0, 1.0';

/** Every term in the title or body (and notes when asked). */
const fts5Expression = (query: readonly QueryTerm[], includeNotes: boolean) =>
  `{${includeNotes ? 'title body notes' : 'title body'}} : (${query.map(fts5Term).join(' AND ')})`;

/** Terms are letters/digits/marks only (core/search-text.ts), so quoting them is enough: never syntax. */
function fts5Term(term: QueryTerm): string {
  const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;
  if (term.kind === 'phrase') return quote(term.terms.join(' '));
  return term.prefix ? `${quote(term.term)}*` : quote(term.term);
}
