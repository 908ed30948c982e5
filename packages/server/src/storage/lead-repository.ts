import type { Kysely, Selectable } from 'kysely';
import type { Lead, StoredLead } from '../core/domain.js';
import type { LeadStore } from '../core/store.js';
import type { Database, LeadsTable } from './database-schema.js';
import { inChunks } from './in-chunks.js';
import { fromTimestamp, parseJson, toTimestamp } from './row-codecs.js';

export class LeadRepository implements LeadStore {
  constructor(readonly db: Kysely<Database>) {}

  async create(lead: Lead, now: Date): Promise<void> {
    await this.db
      .insertInto('leads')
      .values({
        id: lead.id,
        org_id: lead.orgId,
        email: lead.email,
        phone: lead.phone,
        first_name: lead.firstName,
        last_name: lead.lastName,
        attributes: JSON.stringify(lead.attributes),
        created_at: toTimestamp(now),
      })
      .execute();
  }

  async get(orgId: number, id: string): Promise<StoredLead | undefined> {
    const row = await this.db
      .selectFrom('leads')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toLead(row);
  }

  /** `get` for several ids at once: the tenant's leads by id; ids of no lead of the tenant are absent. */
  async getMany(orgId: number, ids: readonly string[]): Promise<Map<string, Lead>> {
    const rows = await inChunks(ids, (chunk) =>
      this.db.selectFrom('leads').selectAll().where('org_id', '=', orgId).where('id', 'in', chunk).execute(),
    );
    return new Map(rows.map((row) => [row.id, toLead(row)]));
  }

  /** Finds a lead by email address (stored lower-case) or phone, the identifiers the docs list. */
  async findBy(orgId: number, key: 'email' | 'phone', value: string): Promise<StoredLead | undefined> {
    const row = await this.db
      .selectFrom('leads')
      .selectAll()
      .where('org_id', '=', orgId)
      .where(key, '=', value)
      .orderBy('created_at')
      .executeTakeFirst();
    return row && toLead(row);
  }

  /** The tenant's leads whose GUID starts with `prefix` (lower-case hex), oldest first. */
  async findByIdPrefix(orgId: number, prefix: string): Promise<StoredLead[]> {
    if (!/^[0-9a-f]{1,32}$/.test(prefix)) return [];
    // A prefix of hex digits holds no LIKE wildcard; LIKE is case-sensitive on PostgreSQL and GUIDs are stored lower-case.
    const rows = await this.db
      .selectFrom('leads')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', 'like', `${prefix}%`)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toLead);
  }

  async update(lead: Lead): Promise<void> {
    await this.db
      .updateTable('leads')
      .set({
        email: lead.email,
        phone: lead.phone,
        first_name: lead.firstName,
        last_name: lead.lastName,
        attributes: JSON.stringify(lead.attributes),
      })
      .where('org_id', '=', lead.orgId)
      .where('id', '=', lead.id)
      .execute();
  }
}

function toLead(row: Selectable<LeadsTable>): StoredLead {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    phone: row.phone,
    firstName: row.first_name,
    lastName: row.last_name,
    attributes: parseJson(row.attributes),
    createdAt: fromTimestamp(row.created_at),
  };
}
