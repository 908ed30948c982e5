import type { Kysely } from 'kysely';
import type { ActivityStats, ActivityType } from '../core/domain.js';
import type { TicketQueryStore } from '../core/store.js';
import type { Database } from './database-schema.js';
import { fromTimestamp, toTimestamp } from './row-codecs.js';

/** Read-side queries across a tenant's tickets (listing by creation time, activity summaries). */
export class TicketQueryRepository implements TicketQueryStore {
  constructor(readonly db: Kysely<Database>) {}

  /** How many live tickets of the tenant were created in `[from, to)`. */
  async countCreatedBetween(orgId: number, from: Date, to: Date): Promise<number> {
    const row = await this.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .where('created_at', '>=', toTimestamp(from))
      .where('created_at', '<', toTimestamp(to))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Numbers of the live tickets created in `[from, to)`, oldest first, one page of them. */
  async listCreatedBetween(
    orgId: number,
    range: { from: Date; to: Date },
    page: { limit: number; offset: number },
  ): Promise<number[]> {
    const rows = await this.db
      .selectFrom('tickets')
      .select('number')
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .where('created_at', '>=', toTimestamp(range.from))
      .where('created_at', '<', toTimestamp(range.to))
      .orderBy('created_at')
      .orderBy('number')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return rows.map((r) => r.number);
  }

  /** Activity counts by kind and the latest activity, for each ticket (tickets without any are absent). */
  async activityStats(ticketIds: readonly string[]): Promise<Map<string, ActivityStats>> {
    if (ticketIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('activities')
      .select(['id', 'ticket_id', 'type', 'created_at'])
      .where('ticket_id', 'in', ticketIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const stats = new Map<string, ActivityStats>();
    for (const row of rows) {
      const type = row.type as ActivityType;
      const entry = stats.get(row.ticket_id) ?? { counts: {}, last: null };
      entry.counts[type] = (entry.counts[type] ?? 0) + 1;
      entry.last = { id: row.id, type, createdAt: fromTimestamp(row.created_at) };
      stats.set(row.ticket_id, entry);
    }
    return stats;
  }
}
