import { type SqlBool, sql } from 'kysely';
import type { QueryTerm } from '../core/search-text.js';
import type { IndexedTerms, TextSearchDialect } from './text-search.js';

/**
 * PostgreSQL: a `tsvector` column of `ticket_search` with a GIN index. The vector is written as a
 * literal built from our terms (weight A title, B description and conversations, C notes), not by
 * `to_tsvector`, so PostgreSQL's parser and dictionaries never see the text and the lexemes are exactly
 * the ones SQLite indexes. Queries are `tsquery` literals of the same terms, restricted by weight.
 */
export const postgresTextSearch: TextSearchDialect = {
  async createIndex(db) {
    await sql`alter table ticket_search add column document tsvector not null default ''::tsvector`.execute(db);
    await sql`create index ticket_search_document on ticket_search using gin (document)`.execute(db);
  },

  rowColumns: (terms) => ({ document: sql`${tsvectorLiteral(terms)}::tsvector` }),

  write: async () => {},

  matches(query, includeNotes) {
    const literal = tsquery(query, includeNotes);
    // On the row itself: no second pass over ticket_search; the GIN index serves `@@`.
    return {
      where: sql<SqlBool>`s.document @@ ${literal}::tsquery`,
      score: sql<number>`ts_rank(s.document, ${literal}::tsquery)`,
    };
  },

  matching: (query, includeNotes) => sql<SqlBool>`s.document @@ ${tsquery(query, includeNotes)}::tsquery`,

  scoreValue: (value) => sql<number>`${value}::real`,
};

/** PostgreSQL keeps positions 1–16383 and at most 256 of them per lexeme. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 256;

const quote = (term: string) => `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/** `'term':1A,7A 'other':3B …`; the parts are one gap apart so a phrase never spans two of them. */
export function tsvectorLiteral(terms: IndexedTerms): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (list: readonly string[], weight: string) => {
    for (const term of list) {
      position = Math.min(position + 1, MAX_POSITION);
      const at = positions.get(term) ?? [];
      if (at.length < MAX_POSITIONS_PER_LEXEME && at.at(-1) !== `${position}${weight}`) at.push(`${position}${weight}`);
      positions.set(term, at);
    }
    position = Math.min(position + 1, MAX_POSITION);
  };
  add(terms.title, 'A');
  add(terms.body, 'B');
  add(terms.notes, 'C');
  return [...positions].map(([term, at]) => `${quote(term)}:${at.join(',')}`).join(' ');
}

/**
 * Every term in the title or body (weights A, B), and notes (C) when asked. With notes the terms carry
 * no weight at all: a document holds only A, B and C positions, so "any weight" is the same set, and the
 * GIN index then answers a query of plain words exactly, where a weight makes PostgreSQL recheck every
 * candidate row against its whole document (`/api/v1` searches always include notes).
 */
const tsquery = (query: readonly QueryTerm[], includeNotes: boolean) =>
  query.map((t) => tsqueryTerm(t, includeNotes ? '' : 'AB')).join(' & ');

/** Terms are letters/digits/marks only (core/search-text.ts); quoted anyway, so never syntax. */
function tsqueryTerm(term: QueryTerm, weights: string): string {
  const label = (prefix: boolean) => (prefix || weights !== '' ? `:${prefix ? '*' : ''}${weights}` : '');
  if (term.kind === 'phrase') return `(${term.terms.map((t) => `${quote(t)}${label(false)}`).join(' <-> ')})`;
  return `${quote(term.term)}${label(term.prefix)}`;
}
