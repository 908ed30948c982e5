import type { Kysely } from 'kysely';
import type { FieldChange } from '../core/domain.js';
import type { HistoryStore } from '../core/store.js';
import type { Database } from './database-schema.js';
import { inChunks } from './in-chunks.js';
import { fromTimestamp, parseJson, toTimestamp } from './row-codecs.js';

/** Field-level change history of tickets. */
export class HistoryRepository implements HistoryStore {
  constructor(readonly db: Kysely<Database>) {}

  async record(orgId: number, ticketId: string, changes: readonly FieldChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db
      .insertInto('ticket_history')
      .values(
        changes.map((c) => ({
          org_id: orgId,
          ticket_id: ticketId,
          schema_name: c.schemaName,
          old_value: JSON.stringify(c.oldValue),
          new_value: JSON.stringify(c.newValue),
          changed_by: c.changedBy,
          changed_at: toTimestamp(c.changedAt),
        })),
      )
      .execute();
  }

  /** A ticket's changes, oldest first. */
  async list(ticketId: string): Promise<FieldChange[]> {
    return (await this.listMany([ticketId])).get(ticketId) ?? [];
  }

  /** `list` for each ticket (oldest first): every id asked for has an entry, empty without changes. */
  async listMany(ticketIds: readonly string[]): Promise<Map<string, FieldChange[]>> {
    const rows = await inChunks(ticketIds, (chunk) =>
      this.db
        .selectFrom('ticket_history')
        .selectAll()
        .where('ticket_id', 'in', chunk)
        // `ticket_id, id` walks the (ticket_id, id) index; within a ticket it is `list`'s `id` order.
        .orderBy('ticket_id')
        .orderBy('id')
        .execute(),
    );
    const changes = new Map(ticketIds.map((id): [string, FieldChange[]] => [id, []]));
    for (const r of rows) {
      changes.get(r.ticket_id)?.push({
        schemaName: r.schema_name,
        oldValue: parseJson(r.old_value),
        newValue: parseJson(r.new_value),
        changedBy: r.changed_by,
        changedAt: fromTimestamp(r.changed_at),
      });
    }
    return changes;
  }
}
