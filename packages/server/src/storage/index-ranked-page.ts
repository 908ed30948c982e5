import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { QueryTerm } from '../core/search-text.js';
import type { TicketListPosition } from '../core/ticket-list-cursor.js';
import type { IndexRanking } from './text-search.js';

type Row = Record<string, unknown>;

/**
 * Candidate windows: the first serves a page whenever the tenant and filters keep most matches; the
 * second a tenant with a small share of a shared store. Beyond them the plain query ranks every match.
 */
const RANK_WINDOWS = [256, 4096] as const;

export interface RankedPageOptions {
  terms: readonly QueryTerm[];
  includeNotes: boolean;
  order: 'asc' | 'desc';
  /** Where the page continues from (a relevance cursor), if it does. */
  position: TicketListPosition | undefined;
  /** Tenant, trashed state and the list's filters, on `ticket_search as s`. */
  filters: RawBuilder<SqlBool>;
  /** The direct matches, already on an earlier part of the page: left out here. */
  direct: RawBuilder<SqlBool> | undefined;
  /** Rows wanted (the page and one more, to know whether another page follows). */
  need: number;
  /** The page's rows read whole (text, lead), by `doc_id`. */
  readWhole: (docIds: readonly number[]) => Promise<Map<number, Row>>;
}

/**
 * A relevance-sorted page ranked by the text index itself, where the engine can (SQLite FTS5): the
 * index's best matches by score come first, without reading a `ticket_search` row for each of the
 * (possibly tens of thousands of) matches; only they are checked against the tenant and filters, and only
 * the page is read whole. Exact: a row is taken only when no match outside the window can precede it (its
 * score is beyond the window's last, or the window holds every match); otherwise the window grows, and past
 * the last one this answers `undefined` and the caller runs the plain query. `undefined` too when the
 * engine cannot rank by itself. Rows carry `score`.
 */
export async function rankedByIndex(
  // biome-ignore lint/suspicious/noExplicitAny: the text index's own table and columns are the engine's
  db: Kysely<any>,
  ranking: IndexRanking | undefined,
  options: RankedPageOptions,
): Promise<Row[] | undefined> {
  if (!ranking) return undefined;
  const { order, position, need } = options;
  const before = (a: number, b: number) => (order === 'desc' ? a > b : a < b);
  const bound = position?.key === null || position === undefined ? undefined : Number(position.key);
  for (const window of RANK_WINDOWS) {
    const { rows: candidates } = await ranking
      .best(options.terms, options.includeNotes, { order, limit: window, ...(bound !== undefined && { bound }) })
      .execute(db);
    if (candidates.length === 0) return [];
    const complete = candidates.length < window;
    const last = Number(candidates.at(-1)?.score);
    const scores = new Map(candidates.map((c) => [Number(c.doc_id), Number(c.score)]));
    const { rows: kept } = await sql<Row>`select s.doc_id, s.number from ${ranking.byDocId}
      where s.doc_id in (${sql.join([...scores.keys()])}) and ${options.filters}
      ${options.direct === undefined ? sql`` : sql`and not ${options.direct}`}`.execute(db);
    const inOrder = kept
      .map((r) => ({ docId: Number(r.doc_id), number: Number(r.number), score: scores.get(Number(r.doc_id)) ?? 0 }))
      .filter(
        (r) =>
          position === undefined ||
          bound === undefined ||
          before(bound, r.score) ||
          (r.score === bound && before(position.number, r.number)),
      )
      // Ties at the window's last score may continue past the window: only rows strictly before it are sure.
      .filter((r) => complete || before(r.score, last))
      .sort((a, b) =>
        a.score !== b.score ? (before(a.score, b.score) ? -1 : 1) : before(a.number, b.number) ? -1 : 1,
      );
    if (!complete && inOrder.length < need) continue;
    const page = inOrder.slice(0, need);
    if (page.length === 0) return [];
    const whole = await options.readWhole(page.map((r) => r.docId));
    return page.flatMap((r) => {
      const row = whole.get(r.docId);
      return row ? [{ ...row, score: r.score }] : [];
    });
  }
  return undefined;
}
