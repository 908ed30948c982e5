import { GUID_PATTERN } from '@deskwire/wire';
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import {
  TICKET_LIST_DEFAULT_LIMIT,
  TICKET_LIST_MAX_LIMIT,
  type TicketListPage,
  type TicketListQuery,
  type TicketSortKey,
} from '../core/domain.js';
import { parseQuery, type QueryTerm } from '../core/search-text.js';
import type { TicketSearchStore } from '../core/store.js';
import { decodeCursor, encodeCursor, type TicketListPosition } from '../core/ticket-list-cursor.js';
import type { Database } from './database-schema.js';
import { rankedByIndex } from './index-ranked-page.js';
import type { TextMatch, TextSearchDialect } from './text-search.js';
import { cursorKey, type Row, toSummary } from './ticket-list-rows.js';
import type { TicketSearchIndex } from './ticket-search-index.js';

const guid = new RegExp(GUID_PATTERN);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{6,24}$/;

/** The column (or score) each sort orders by; the ticket number breaks ties. */
const SORT_COLUMN: Record<Exclude<TicketSortKey, 'relevance'>, string> = {
  updated: 's.updated_at',
  created: 's.created_at',
  number: 's.number',
  priority: 's.priority_rank',
};

/**
 * Ticket lists and full-text search over `ticket_search` (migration 0010). A page is at most two
 * keyset queries: the direct matches (number, GUID, lead email/phone), which always come first, then the
 * text matches without them. Each is ordered by (sort key, ticket number) and continues strictly after
 * the cursor's position, so a page's order does not depend on OFFSET and survives concurrent writes.
 */
export class TicketSearchRepository implements TicketSearchStore {
  // biome-ignore lint/suspicious/noExplicitAny: the text index's derived table and columns are the engine's own
  readonly #db: Kysely<any>;

  constructor(
    db: Kysely<Database>,
    readonly dialect: TextSearchDialect,
    readonly index: TicketSearchIndex,
  ) {
    this.#db = db;
  }

  reindex(ticketIds: readonly string[]): Promise<void> {
    return this.index.refresh(ticketIds);
  }

  async list(query: TicketListQuery): Promise<TicketListPage> {
    const limit = pageSize(query.limit);
    const text = (query.text ?? '').trim();
    const hasText = text !== '';
    const asked = query.sort ?? (hasText ? 'relevance' : 'updated');
    const sort: TicketSortKey = asked === 'relevance' && !hasText ? 'updated' : asked;
    const order = query.order ?? 'desc';
    const position =
      query.after === undefined || query.after === ''
        ? undefined
        : decodeCursor(query.after, { sort, order, text: hasText });
    const terms = hasText ? parseQuery(text) : [];
    const includeNotes = query.includeNotes === true;
    const direct = hasText ? await this.#directCondition(query.orgId, text) : undefined;
    const filters = this.#filters(query);

    const rows: Array<Row & { direct: 0 | 1 }> = [];
    if (!hasText) {
      const found = await this.#select({ hasText, includeNotes })
        .where(filters)
        .$if(position !== undefined, (q) => q.where(this.#after(sort, order, position as TicketListPosition)))
        .orderBy(sql.raw(SORT_COLUMN[sort as Exclude<TicketSortKey, 'relevance'>]), order)
        .$if(sort !== 'number', (q) => q.orderBy('s.number', order))
        .limit(limit + 1)
        .execute();
      rows.push(...found.map((r: Row) => ({ ...r, direct: 0 as const })));
    }
    if (direct && (position === undefined || position.direct === 1)) {
      const directSort = sort === 'relevance' ? 'number' : sort;
      const found = await this.#select({ hasText, includeNotes })
        .where(filters)
        .where(direct)
        .$if(position !== undefined, (q) => q.where(this.#after(directSort, order, position as TicketListPosition)))
        .orderBy(sql.raw(SORT_COLUMN[directSort]), order)
        .$if(directSort !== 'number', (q) => q.orderBy('s.number', order))
        .limit(limit + 1)
        .execute();
      rows.push(...found.map((r: Row) => ({ ...r, direct: 1 as const })));
    }
    if (rows.length <= limit && terms.length > 0) {
      const continuing = position !== undefined && position.direct === 0;
      const need = limit + 1 - rows.length;
      const ranked =
        sort === 'relevance'
          ? await rankedByIndex(this.#db, this.dialect.ranking, {
              terms,
              includeNotes,
              order,
              position: continuing ? (position as TicketListPosition) : undefined,
              filters,
              direct,
              need,
              readWhole: async (docIds) =>
                new Map(
                  (
                    await this.#select({ hasText, includeNotes })
                      .where('s.doc_id', 'in', [...docIds])
                      .select('s.doc_id')
                      .execute()
                  ).map((r: Row) => [Number(r.doc_id), r]),
                ),
            })
          : undefined;
      const notDirect = direct === undefined ? undefined : sql<SqlBool>`not ${direct}`;
      const found =
        ranked ??
        (sort === 'relevance'
          ? await this.#rankedPage({
              terms,
              includeNotes,
              order,
              filters,
              notDirect,
              need,
              hasText,
              position: continuing ? (position as TicketListPosition) : undefined,
            })
          : // Sorted by a column: the sort's index yields the tenant's rows in order and each is checked
            // against the matching documents (found once) until the page is full, instead of reading every
            // match and sorting them: a common pair of words matches tens of thousands of tickets at 1M.
            await this.#select({ hasText, includeNotes })
              .where(this.dialect.matching(terms, includeNotes))
              .$if(continuing, (q) => q.where(this.#after(sort, order, position as TicketListPosition)))
              .where(filters)
              .$if(notDirect !== undefined, (q) => q.where(notDirect as RawBuilder<SqlBool>))
              .orderBy(sql.raw(SORT_COLUMN[sort]), order)
              .$if(sort !== 'number', (q) => q.orderBy('s.number', order))
              .limit(need)
              .execute());
      rows.push(...found.map((r: Row) => ({ ...r, direct: 0 as const })));
    }

    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const result: TicketListPage = {
      tickets: page.map((row) => toSummary(row, hasText ? { terms, includeNotes } : undefined)),
    };
    if (rows.length > limit && last) {
      result.nextCursor = encodeCursor({
        sort,
        order,
        text: hasText,
        direct: last.direct,
        key: cursorKey(sort, last),
        number: Number(last.number),
      });
    }
    if (query.count === true) result.total = await this.#count(filters, direct, terms, includeNotes, hasText);
    return result;
  }

  #select(options: { hasText: boolean; includeNotes: boolean }) {
    return this.#db
      .selectFrom('ticket_search as s')
      .leftJoin('leads as l', 'l.id', 's.lead_id')
      .select([
        's.ticket_id',
        's.number',
        's.status',
        's.priority',
        's.priority_rank',
        's.assignee_id',
        's.channel',
        's.type',
        's.sub_type',
        's.tags',
        's.lead_id',
        's.created_at',
        's.updated_at',
        's.trashed_at',
        's.title',
        'l.email as lead_email',
        'l.phone as lead_phone',
        'l.first_name as lead_first_name',
        'l.last_name as lead_last_name',
      ])
      .$if(options.hasText, (q) => q.select('s.body'))
      .$if(options.hasText && options.includeNotes, (q) => q.select('s.notes'));
  }

  /**
   * Every match scored and the best `need` kept, in a narrow query (document id, number, score), then only
   * those rows read whole: the sort keeps ten-thousand-odd small tuples, not the whole row of each match
   * with its text and lead (PostgreSQL at a million tickets: 25 instead of 30 ms for 11,500 matches).
   */
  async #rankedPage(options: {
    terms: readonly QueryTerm[];
    includeNotes: boolean;
    order: 'asc' | 'desc';
    filters: RawBuilder<SqlBool>;
    notDirect: RawBuilder<SqlBool> | undefined;
    need: number;
    hasText: boolean;
    position: TicketListPosition | undefined;
  }): Promise<Row[]> {
    const { order, position, notDirect } = options;
    const match = this.dialect.matches(options.terms, options.includeNotes);
    const best = withMatch(this.plain(), match)
      .select(['s.doc_id', 's.number', match.score.as('score')])
      .where(options.filters)
      .$if(notDirect !== undefined, (q) => q.where(notDirect as RawBuilder<SqlBool>))
      .$if(position !== undefined, (q) =>
        q.where(this.#after('relevance', order, position as TicketListPosition, match)),
      )
      .orderBy(sql.ref('score'), order)
      .orderBy('s.number', order)
      .limit(options.need);
    return this.#select({ hasText: options.hasText, includeNotes: options.includeNotes })
      .innerJoin(best.as('r'), 'r.doc_id', 's.doc_id')
      .select('r.score')
      .orderBy('r.score', order)
      .orderBy('s.number', order)
      .execute();
  }

  /** Rows strictly after `p` in (key, number) order. */
  #after(sort: TicketSortKey, order: 'asc' | 'desc', p: TicketListPosition, match?: TextMatch): RawBuilder<SqlBool> {
    const op = sql.raw(order === 'desc' ? '<' : '>');
    if (sort === 'number' || p.key === null) return sql<SqlBool>`s.number ${op} ${p.number}`;
    const key =
      sort === 'relevance'
        ? { column: match?.score ?? sql`null`, value: this.dialect.scoreValue(Number(p.key)) }
        : { column: sql.raw(SORT_COLUMN[sort]), value: sql`${p.key}` };
    return sql<SqlBool>`(${key.column}, s.number) ${op} (${key.value}, ${p.number})`;
  }

  /** Tenant, trashed state and every filter of the query, as one condition. */
  #filters(query: TicketListQuery): RawBuilder<SqlBool> {
    const parts: Array<RawBuilder<unknown>> = [
      sql`s.org_id = ${query.orgId}`,
      sql`s.trashed = ${query.trashed === true ? 1 : 0}`,
    ];
    const oneOf = (column: string, values: readonly string[] | undefined) => {
      if (values && values.length > 0) parts.push(sql`${sql.ref(column)} in (${sql.join([...new Set(values)])})`);
    };
    oneOf('s.status', query.status);
    oneOf('s.priority', query.priority);
    oneOf('s.channel', query.channel);
    oneOf('s.type', query.type);
    oneOf('s.sub_type', query.subType);
    const assignees = [...new Set((query.assigneeIds ?? []).map((id) => id.toLowerCase()))];
    if (assignees.length > 0 && query.unassigned === true) {
      parts.push(sql`(s.assignee_id in (${sql.join(assignees)}) or s.assignee_id is null)`);
    } else if (assignees.length > 0) {
      parts.push(sql`s.assignee_id in (${sql.join(assignees)})`);
    } else if (query.unassigned === true) {
      parts.push(sql`s.assignee_id is null`);
    }
    for (const tag of new Set((query.tags ?? []).map((t) => t.trim().toLowerCase()))) {
      if (tag === '') continue;
      parts.push(
        // Checked per row the sort index yields (primary-key lookup), so a page stops as soon as it is full.
        sql`exists (select 1 from ticket_search_tags t where t.ticket_id = s.ticket_id and t.tag = ${tag})`,
      );
    }
    if (query.createdFrom) parts.push(sql`s.created_at >= ${query.createdFrom.toISOString()}`);
    if (query.createdTo) parts.push(sql`s.created_at < ${query.createdTo.toISOString()}`);
    if (query.updatedFrom) parts.push(sql`s.updated_at >= ${query.updatedFrom.toISOString()}`);
    if (query.updatedTo) parts.push(sql`s.updated_at < ${query.updatedTo.toISOString()}`);
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }

  /**
   * What the text names directly: a ticket number (`143`, `#143`), a ticket GUID, or a lead's email or
   * phone (its tickets). `undefined` when the text is none of these or names nothing of this tenant's.
   * The condition never evaluates to NULL, so `not (…)` excludes exactly the direct rows.
   */
  async #directCondition(orgId: number, text: string): Promise<RawBuilder<SqlBool> | undefined> {
    const ors: Array<RawBuilder<unknown>> = [];
    const number = /^#?(\d{1,15})$/.exec(text)?.[1];
    if (number !== undefined) ors.push(sql`s.number = ${Number(number)}`);
    if (guid.test(text)) ors.push(sql`s.ticket_id = ${text.toLowerCase()}`);
    const leads: string[] = [];
    if (EMAIL.test(text)) {
      const rows = await this.#db
        .selectFrom('leads')
        .select('id')
        .where('org_id', '=', orgId)
        .where('email', '=', text.toLowerCase())
        .execute();
      leads.push(...rows.map((r: { id: string }) => r.id));
    }
    const digits = text.replace(/\D/g, '');
    if (PHONE.test(text) && digits.length >= 6) {
      const forms = [...new Set([text, digits, `+${digits}`])];
      const rows = await this.#db
        .selectFrom('leads')
        .select('id')
        .where('org_id', '=', orgId)
        .where('phone', 'in', forms)
        .execute();
      leads.push(...rows.map((r: { id: string }) => r.id));
    }
    if (leads.length > 0) ors.push(sql`(s.lead_id is not null and s.lead_id in (${sql.join([...new Set(leads)])}))`);
    return ors.length === 0 ? undefined : sql<SqlBool>`(${sql.join(ors, sql` or `)})`;
  }

  async #count(
    filters: Expression<SqlBool>,
    direct: RawBuilder<SqlBool> | undefined,
    terms: readonly QueryTerm[],
    includeNotes: boolean,
    hasText: boolean,
  ): Promise<number> {
    const count = async (q: ReturnType<typeof this.plain>) => {
      const row = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    };
    if (!hasText) return count(this.plain().where(filters));
    let total = direct ? await count(this.plain().where(filters).where(direct)) : 0;
    if (terms.length > 0) {
      total += await count(
        withMatch(this.plain(), this.dialect.matches(terms, includeNotes))
          .where(filters)
          .$if(direct !== undefined, (q) => q.where(sql<SqlBool>`not ${direct}`)),
      );
    }
    return total;
  }

  private plain() {
    return this.#db.selectFrom('ticket_search as s');
  }
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return TICKET_LIST_DEFAULT_LIMIT;
  return Math.min(TICKET_LIST_MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** Applies a text match (a derived table to join, a condition, or both) to a query over `ticket_search as s`. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's builder types cannot follow a raw derived table
function withMatch<Q extends { innerJoin: any; where: any }>(query: Q, match: TextMatch): Q {
  let q: Q = query;
  if (match.join) q = q.innerJoin(match.join, 'm.doc_id', 's.doc_id');
  if (match.where) q = q.where(match.where);
  return q;
}
