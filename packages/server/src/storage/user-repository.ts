import type { Kysely, Selectable } from 'kysely';
import type { ApiKey, Role, User, UserAccount } from '../core/domain.js';
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
        password_hash: null,
        disabled_at: null,
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

  async revokeUserKeys(orgId: number, userId: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: toTimestamp(now) })
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async getAccount(orgId: number, id: string): Promise<UserAccount | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  async listAccounts(orgId: number): Promise<UserAccount[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toAccount);
  }

  async findAccountsByEmail(email: string): Promise<UserAccount[]> {
    // Emails are stored as given; compare lower-cased so `Asha@…` signs in as `asha@…`.
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .orderBy('org_id')
      .limit(100)
      .execute();
    return rows.map(toAccount);
  }

  async updateAccount(
    orgId: number,
    id: string,
    patch: { name?: string; role?: Role; passwordHash?: string | null; disabledAt?: Date | null },
  ): Promise<boolean> {
    const set = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
      ...(patch.disabledAt !== undefined && {
        disabled_at: patch.disabledAt === null ? null : toTimestamp(patch.disabledAt),
      }),
    };
    if (Object.keys(set).length === 0) return (await this.getAccount(orgId, id)) !== undefined;
    const result = await this.db
      .updateTable('users')
      .set(set)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toAccount(row: Selectable<UsersTable>): UserAccount {
  return {
    user: toUser(row),
    passwordHash: row.password_hash,
    disabledAt: row.disabled_at ? fromTimestamp(row.disabled_at) : null,
  };
}

function toUser(row: Pick<Selectable<UsersTable>, 'id' | 'org_id' | 'name' | 'email' | 'role'>): User {
  return { id: row.id, orgId: row.org_id, name: row.name, email: row.email, role: row.role as Role };
}
