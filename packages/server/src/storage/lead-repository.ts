import type { Kysely, Selectable } from 'kysely';
import type { Lead } from '../core/domain.js';
import type { LeadStore } from '../core/store.js';
import type { Database, LeadsTable } from './database-schema.js';
import { inChunks } from './in-chunks.js';
import { parseJson, toTimestamp } from './row-codecs.js';

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

  async get(orgId: number, id: string): Promise<Lead | undefined> {
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
  async findBy(orgId: number, key: 'email' | 'phone', value: string): Promise<Lead | undefined> {
    const row = await this.db
      .selectFrom('leads')
      .selectAll()
      .where('org_id', '=', orgId)
      .where(key, '=', value)
      .orderBy('created_at')
      .executeTakeFirst();
    return row && toLead(row);
  }
}

function toLead(row: Selectable<LeadsTable>): Lead {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    phone: row.phone,
    firstName: row.first_name,
    lastName: row.last_name,
    attributes: parseJson(row.attributes),
  };
}
