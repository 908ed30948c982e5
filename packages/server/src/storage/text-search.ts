import type { AliasedRawBuilder, Kysely, RawBuilder, SqlBool } from 'kysely';
import type { QueryTerm } from '../core/search-text.js';

/** The normalised terms of one ticket's three text parts (core/search-text.ts `tokenize`), in order. */
export interface IndexedTerms {
  title: readonly string[];
  body: readonly string[];
  notes: readonly string[];
}

/**
 * How an engine indexes and matches ticket text: the one place where full-text search differs between
 * SQLite (FTS5) and PostgreSQL (tsvector + GIN). Both receive the same terms and the same parsed query,
 * so they match the same tickets; only the relevance score is the engine's own.
 */
export interface TextSearchDialect {
  /** Creates the text index beside `ticket_search` (migration 0010). */
  createIndex(db: Kysely<unknown>): Promise<void>;
  /** Extra column values of a `ticket_search` row for its text (PostgreSQL: `document`); none on SQLite. */
  rowColumns(terms: IndexedTerms): Record<string, RawBuilder<unknown>>;
  /** Writes the text index entries of `ticket_search` rows just upserted (SQLite: the FTS5 rows). */
  write(db: Kysely<unknown>, entries: ReadonlyArray<{ docId: number; terms: IndexedTerms }>): Promise<void>;
  /**
   * How a query over `ticket_search as s` keeps the rows whose text matches `query` (title and body; notes
   * too when `includeNotes`; never an empty `query`): a derived table `m (doc_id, score)` to join on
   * `m.doc_id = s.doc_id` and/or a condition on `s`, and the score of a row, larger for more relevant rows.
   */
  matches(query: readonly QueryTerm[], includeNotes: boolean): TextMatch;
  /**
   * A condition on `ticket_search as s` keeping the same rows as `matches`, without a score: for lists
   * sorted by a column, where the sort's index yields rows in order and each is checked until a page is
   * full (SQLite: membership in the matching FTS5 rowids, found once per query).
   */
  matching(query: readonly QueryTerm[], includeNotes: boolean): RawBuilder<SqlBool>;
  /** Engines whose text index ranks by itself (SQLite FTS5); PostgreSQL ranks on the row and leaves it out. */
  ranking?: IndexRanking;
  /** A score value from a cursor, typed as the engine's score column compares (PostgreSQL: real). */
  scoreValue(value: number): RawBuilder<number>;
}

/** See `TextSearchDialect.matches`. */
export interface TextMatch {
  join?: AliasedRawBuilder<{ doc_id: number; score: number }, 'm'>;
  where?: RawBuilder<SqlBool>;
  score: RawBuilder<number>;
}

/** See `TextSearchDialect.ranking`. */
export interface IndexRanking {
  /**
   * The best `limit` matches by score (`order` desc: best first), optionally only those scoring at or
   * below (desc) / at or above (asc) `bound`, read from the text index alone: a statement selecting
   * `doc_id` and `score`.
   */
  best(
    query: readonly QueryTerm[],
    includeNotes: boolean,
    options: { order: 'asc' | 'desc'; limit: number; bound?: number },
  ): RawBuilder<{ doc_id: number; score: number }>;
  /**
   * `ticket_search as s` for a query that reads given `doc_id`s: SQLite otherwise picks the tenant's
   * index for the tenant and trashed conditions and scans all the tenant's rows instead of looking the
   * ids up (132 ms instead of 4 ms for 256 ids at a million tickets).
   */
  byDocId: RawBuilder<unknown>;
}
