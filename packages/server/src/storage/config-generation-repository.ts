import { type Kysely, sql } from 'kysely';
import type { TicketLookup } from '../core/domain.js';
import type { ConfigGenerationStore, TicketVersion } from '../core/store.js';
import { CompiledOnce } from './compiled-once.js';
import type { Database } from './database-schema.js';

const GENERATION = new CompiledOnce((db: Kysely<Database>) =>
  db.selectFrom('config_generations').select('generation').where('tenant_org', '=', 0),
);

/**
 * The generation and a live ticket's id and version in one statement and one row, whether or not the
 * ticket exists: the ticket and its version are left-joined to a one-row table, so each index is probed
 * once (two scalar subqueries for id and version probed `tickets` and `ticket_versions` twice).
 */
const withTicketVersion = (by: 'number' | 'id') =>
  new CompiledOnce((db: Kysely<Database>) =>
    db
      .selectFrom(db.selectNoFrom(sql.lit(1).as('one')).as('one'))
      .leftJoin('tickets as t', (join) => {
        const live = join.on('t.org_id', '=', 0).on('t.deleted_at', 'is', null);
        return by === 'number' ? live.on('t.number', '=', 0) : live.on('t.id', '=', '');
      })
      .leftJoin('ticket_versions as tv', 'tv.ticket_id', 't.id')
      .select((eb) => [
        eb.selectFrom('config_generations').select('generation').where('tenant_org', '=', 0).as('generation'),
        't.id as ticket_id',
        'tv.version',
      ]),
  );
const WITH_VERSION_BY_NUMBER = withTicketVersion('number');
const WITH_VERSION_BY_ID = withTicketVersion('id');

/**
 * The per-tenant configuration generation that database triggers move on every change to what
 * servers cache (migration 0007): the one statement a cached request still runs for its config.
 */
export class ConfigGenerationRepository implements ConfigGenerationStore {
  constructor(readonly db: Kysely<Database>) {}

  /** 0 for a tenant whose configuration has not changed since the migration (or that does not exist). */
  async get(orgId: number): Promise<number> {
    const [row] = await GENERATION.run(this.db, [orgId]);
    return row?.generation ?? 0;
  }

  async withTicketVersion(
    orgId: number,
    lookup: TicketLookup,
  ): Promise<{ generation: number; ticket: TicketVersion | undefined }> {
    const [row] =
      'number' in lookup
        ? await WITH_VERSION_BY_NUMBER.run(this.db, [orgId, orgId, lookup.number])
        : await WITH_VERSION_BY_ID.run(this.db, [orgId, orgId, lookup.id]);
    const ticket =
      row?.ticket_id != null && row.version != null
        ? { ticketId: row.ticket_id, version: Number(row.version) }
        : undefined;
    return { generation: Number(row?.generation ?? 0), ticket };
  }
}
