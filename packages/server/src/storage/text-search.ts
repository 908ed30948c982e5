import type { Kysely, RawBuilder } from 'kysely';
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
   * A derived table `(doc_id, score)` of every `ticket_search` row whose text matches `query` (title and
   * body; notes too when `includeNotes`), `score` larger for more relevant rows. Never empty `query`.
   */
  matches(query: readonly QueryTerm[], includeNotes: boolean): RawBuilder<{ doc_id: number; score: number }>;
  /** A score value from a cursor, typed as the engine's score column compares (PostgreSQL: real). */
  scoreValue(value: number): RawBuilder<number>;
}
