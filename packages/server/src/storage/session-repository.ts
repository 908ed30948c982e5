import type { Kysely, Selectable } from 'kysely';
import type { AgentSession } from '../core/domain.js';
import type { SessionStore } from '../core/store.js';
import type { AgentSessionsTable, Database } from './database-schema.js';
import { fromTimestamp, toTimestamp } from './row-codecs.js';

/** Agent sessions (migration 0011): one row per signed-in session, keyed by the hash of its token. */
export class SessionRepository implements SessionStore {
  constructor(readonly db: Kysely<Database>) {}

  async create(session: AgentSession): Promise<void> {
    await this.db
      .insertInto('agent_sessions')
      .values({
        token_hash: session.tokenHash,
        org_id: session.orgId,
        user_id: session.userId,
        created_at: toTimestamp(session.createdAt),
        last_used_at: toTimestamp(session.lastUsedAt),
        idle_expires_at: toTimestamp(session.idleExpiresAt),
        expires_at: toTimestamp(session.expiresAt),
      })
      .execute();
  }

  async find(tokenHash: string): Promise<AgentSession | undefined> {
    const row = await this.db
      .selectFrom('agent_sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async touch(tokenHash: string, now: Date, idleExpiresAt: Date): Promise<void> {
    await this.db
      .updateTable('agent_sessions')
      .set({ last_used_at: toTimestamp(now), idle_expires_at: toTimestamp(idleExpiresAt) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  async delete(tokenHash: string): Promise<boolean> {
    const result = await this.db.deleteFrom('agent_sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteForUser(orgId: number, userId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('agent_sessions')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpired(now: Date): Promise<number> {
    // ISO 8601 UTC timestamps compare correctly as text on both engines.
    const at = toTimestamp(now);
    const result = await this.db
      .deleteFrom('agent_sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', at), eb('idle_expires_at', '<=', at)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toSession(row: Selectable<AgentSessionsTable>): AgentSession {
  return {
    tokenHash: row.token_hash,
    orgId: row.org_id,
    userId: row.user_id,
    createdAt: fromTimestamp(row.created_at),
    lastUsedAt: fromTimestamp(row.last_used_at),
    idleExpiresAt: fromTimestamp(row.idle_expires_at),
    expiresAt: fromTimestamp(row.expires_at),
  };
}
