import type { KapTokenApi } from '@deskwire/wire';
import type { Kysely, Selectable } from 'kysely';
import type { ApiToken } from '../core/domain.js';
import type { TokenStore } from '../core/store.js';
import type { ApiTokensTable, Database } from './database-schema.js';
import { fromTimestamp, toTimestamp } from './row-codecs.js';

/** Per-API auth tokens (the Kapture dialect's `Authorization: Basic <token>`). */
export class TokenRepository implements TokenStore {
  constructor(readonly db: Kysely<Database>) {}

  async create(token: ApiToken, secretHash: string): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        org_id: token.orgId,
        api: token.api,
        user_id: token.userId,
        secret_hash: secretHash,
        created_at: toTimestamp(token.createdAt),
        expires_at: token.expiresAt ? toTimestamp(token.expiresAt) : null,
        revoked_at: null,
      })
      .execute();
  }

  /** The token with that public id and its secret's hash, or `undefined`. */
  async find(id: string): Promise<{ record: ApiToken; secretHash: string } | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { record: toToken(row), secretHash: row.secret_hash };
  }

  async list(orgId: number): Promise<Array<{ record: ApiToken }>> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ record: toToken(row) }));
  }

  async revoke(orgId: number, id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: toTimestamp(now) })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    orgId: row.org_id,
    api: row.api as KapTokenApi,
    userId: row.user_id,
    createdAt: fromTimestamp(row.created_at),
    expiresAt: row.expires_at ? fromTimestamp(row.expires_at) : null,
    revokedAt: row.revoked_at ? fromTimestamp(row.revoked_at) : null,
  };
}
