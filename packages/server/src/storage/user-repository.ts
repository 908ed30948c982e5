import type { Kysely, Selectable } from 'kysely';
import type { ApiKey, Role, User } from '../core/domain.js';
import type { UserStore } from '../core/store.js';
import type { Database, UsersTable } from './database-schema.js';
import { fromTimestamp, toTimestamp } from './row-codecs.js';

/** Users (agents) and the API key pairs that belong to them. */
export class UserRepository implements UserStore {
  constructor(readonly db: Kysely<Database>) {}

  async create(user: User, now: Date): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: user.id,
        org_id: user.orgId,
        name: user.name,
        email: user.email,
        role: user.role,
        created_at: toTimestamp(now),
      })
      .execute();
  }

  async get(orgId: number, id: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toUser(row);
  }

  /** Whether any tenant has a user with this id (ids are globally unique). */
  async exists(id: string): Promise<boolean> {
    return (await this.db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async list(orgId: number): Promise<User[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .execute();
    return rows.map(toUser);
  }

  async createKey(key: { accessKey: string; secretHash: string; userId: string; orgId: number }, now: Date) {
    await this.db
      .insertInto('api_keys')
      .values({
        access_key: key.accessKey,
        secret_hash: key.secretHash,
        user_id: key.userId,
        org_id: key.orgId,
        created_at: toTimestamp(now),
        revoked_at: null,
      })
      .execute();
  }

  /** The key with its owner, or `undefined` when no such access key exists. */
  async findKey(accessKey: string): Promise<ApiKey | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .select([
        'api_keys.access_key',
        'api_keys.secret_hash',
        'api_keys.revoked_at',
        'users.id',
        'users.org_id',
        'users.name',
        'users.email',
        'users.role',
        'users.created_at',
      ])
      .where('api_keys.access_key', '=', accessKey)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      accessKey: row.access_key,
      secretHash: row.secret_hash,
      revokedAt: row.revoked_at ? fromTimestamp(row.revoked_at) : null,
      user: toUser(row),
    };
  }

  async revokeKey(orgId: number, accessKey: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: toTimestamp(now) })
      .where('org_id', '=', orgId)
      .where('access_key', '=', accessKey)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toUser(row: Selectable<UsersTable>): User {
  return { id: row.id, orgId: row.org_id, name: row.name, email: row.email, role: row.role as Role };
}
