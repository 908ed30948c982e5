import type { Kysely } from 'kysely';
import type { SettingsStore } from '../core/store.js';
import type { Database } from './database-schema.js';

/** Server-wide settings shared by every instance on the same database (e.g. the URL-signing key). */
export class SettingsRepository implements SettingsStore {
  constructor(readonly db: Kysely<Database>) {}

  async get(name: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value;
  }

  /** Removes a setting; whether it existed. */
  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('settings').where('name', '=', name).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Stores `value` unless the setting exists; returns the value in force (first writer wins). */
  async getOrInit(name: string, value: string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return (await this.get(name)) ?? value;
  }
}
