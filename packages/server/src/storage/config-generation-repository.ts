import type { Kysely } from 'kysely';
import type { ConfigGenerationStore } from '../core/store.js';
import { CompiledOnce } from './compiled-once.js';
import type { Database } from './database-schema.js';

const GENERATION = new CompiledOnce((db: Kysely<Database>) =>
  db.selectFrom('config_generations').select('generation').where('tenant_org', '=', 0),
);

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
}
