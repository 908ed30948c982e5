import {
  nextPresence,
  orderPresence,
  type PresenceBeat,
  type PresenceEntry,
  type PresenceKey,
  type PresenceStore,
} from '../core/ticket-presence.js';
import { type SharedRedis, withRedis } from './redis-connection.js';

/**
 * Writes one user's entry and stretches the ticket's hash to outlive it, in one step: the hash then
 * expires by itself once the last beat on the ticket lapses. KEYS: ticket hash. ARGV: user id, entry
 * JSON, ttl (ms).
 */
const BEAT = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local ttl = tonumber(ARGV[3])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

/**
 * Presence shared by every instance on the same Redis and key prefix: one hash per ticket
 * (`<prefix>presence:<orgId>:<number>`), a field per user holding the entry's JSON. Lapsed fields are
 * skipped when read; the hash itself expires with its newest entry.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly #redis: SharedRedis['client'];
  readonly #prefix: string;

  constructor(redis: SharedRedis) {
    this.#redis = redis.client;
    this.#prefix = `${redis.prefix}presence:`;
  }

  async beat(key: PresenceKey, beat: PresenceBeat): Promise<PresenceEntry> {
    const hash = this.#key(key);
    const stored = await withRedis(() => this.#redis.hget(hash, beat.userId));
    const entry = nextPresence(stored === null ? undefined : parseEntry(stored), beat);
    await withRedis(() => this.#redis.eval(BEAT, 1, hash, beat.userId, JSON.stringify(entry), beat.ttlMs));
    return entry;
  }

  async leave(key: PresenceKey, userId: string): Promise<void> {
    await withRedis(() => this.#redis.hdel(this.#key(key), userId));
  }

  async list(key: PresenceKey, nowMs: number): Promise<PresenceEntry[]> {
    // Lapsed fields are left for the hash's own expiry: deleting them here could race a renewal.
    const fields = await withRedis(() => this.#redis.hgetall(this.#key(key)));
    return orderPresence(
      Object.values(fields)
        .map(parseEntry)
        .filter((entry) => entry.expiresMs > nowMs),
    );
  }

  #key(key: PresenceKey): string {
    return `${this.#prefix}${key.orgId}:${key.ticketNumber}`;
  }
}

function parseEntry(json: string): PresenceEntry {
  return JSON.parse(json) as PresenceEntry;
}
