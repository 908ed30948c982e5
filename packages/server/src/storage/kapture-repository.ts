import type { Kysely, Selectable } from 'kysely';
import type { KaptureTicketState } from '../core/domain.js';
import type { KaptureStore } from '../core/store.js';
import type { Database, KaptureTicketStateTable } from './database-schema.js';
import { fromTimestamp, parseJson, toTimestamp } from './row-codecs.js';

/** A tenant's Kapture configuration and each ticket's Kapture-only state. */
export class KaptureRepository implements KaptureStore {
  constructor(readonly db: Kysely<Database>) {}

  /** The stored settings object (validated by core/kapture-settings.ts when written), or `undefined`. */
  async getSettings(orgId: number): Promise<unknown> {
    const row = await this.db
      .selectFrom('kapture_settings')
      .select('settings')
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return row ? parseJson<unknown>(row.settings) : undefined;
  }

  async putSettings(orgId: number, settings: object, now: Date): Promise<void> {
    const values = { settings: JSON.stringify(settings), updated_at: toTimestamp(now) };
    await this.db
      .insertInto('kapture_settings')
      .values({ org_id: orgId, ...values })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
      .execute();
  }

  /** The states of the given tickets that have one (tickets without a row have the defaults). */
  async getTicketStates(ticketIds: readonly string[]): Promise<Map<string, KaptureTicketState>> {
    if (ticketIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('kapture_ticket_state')
      .selectAll()
      .where('ticket_id', 'in', ticketIds)
      .execute();
    return new Map(rows.map((row) => [row.ticket_id, toState(row)]));
  }

  async putTicketState(orgId: number, ticketId: string, state: KaptureTicketState, now: Date): Promise<void> {
    const values = {
      sub_status_key: state.subStatusKey,
      queue_key: state.queueKey,
      disposition: state.disposition,
      callback_at: state.callbackAt ? toTimestamp(state.callbackAt) : null,
      additional_info: JSON.stringify(state.additionalInfo),
      updated_at: toTimestamp(now),
    };
    await this.db
      .insertInto('kapture_ticket_state')
      .values({ ticket_id: ticketId, org_id: orgId, ...values })
      .onConflict((oc) => oc.column('ticket_id').doUpdateSet(values))
      .execute();
  }
}

function toState(row: Selectable<KaptureTicketStateTable>): KaptureTicketState {
  return {
    subStatusKey: row.sub_status_key,
    queueKey: row.queue_key,
    disposition: row.disposition,
    callbackAt: row.callback_at ? fromTimestamp(row.callback_at) : null,
    additionalInfo: parseJson<Record<string, unknown>>(row.additional_info),
  };
}
