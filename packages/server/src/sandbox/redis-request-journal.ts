import type { SharedRedis } from '../redis/redis-connection.js';
import { withRedis } from '../redis/redis-connection.js';
import type { JournalEntry, JournalQuery, NewJournalEntry, RequestJournal } from './request-journal.js';
import { filterJournal } from './request-journal.js';

/**
 * Takes the tenant's next id and pushes the entry onto the tenant's list (newest first), trimmed to the
 * capacity, in one script: ids then follow list order on every instance, which a MULTI after a
 * separate INCR could not promise. Before ids were counted per tenant, one counter served every tenant;
 * a tenant's counter never falls below it, so ids keep increasing across the upgrade, also while
 * instances still on the older version (a rolling upgrade) number entries from it. KEYS: tenant
 * sequence, tenant list, tenant set, the older shared sequence (read only). ARGV: entry JSON (without
 * id), capacity, orgId.
 */
const RECORD = `
local shared = tonumber(redis.call('GET', KEYS[4]) or '0')
if tonumber(redis.call('GET', KEYS[1]) or '0') < shared then redis.call('SET', KEYS[1], shared) end
local id = redis.call('INCR', KEYS[1])
redis.call('LPUSH', KEYS[2], id .. ' ' .. ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
redis.call('SADD', KEYS[3], ARGV[3])
return id
`;

/** Deletes every tenant's list; returns how many entries went. KEYS: tenant set. ARGV: list key prefix. */
const CLEAR_ALL = `
local removed = 0
for _, org in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. org
  removed = removed + redis.call('LLEN', key)
  redis.call('DEL', key)
end
redis.call('DEL', KEYS[1])
return removed
`;

/** Deletes one tenant's list; returns its length. KEYS: tenant list, tenant set. ARGV: orgId. */
const CLEAR_ONE = `
local removed = redis.call('LLEN', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return removed
`;

/**
 * The request journal in Redis, shared by every instance on the same Redis and key prefix: one list
 * per tenant (`<prefix>journal:org:<orgId>`), entries stored as `<id> <json>`, ids from the tenant's
 * counter (`<prefix>journal:seq:<orgId>`). Same capacity, ids and filters as `MemoryRequestJournal`.
 */
export class RedisRequestJournal implements RequestJournal {
  readonly #redis: SharedRedis['client'];
  readonly #capacity: number;
  readonly #keys: { seq: string; legacySeq: string; orgs: string; org: string };

  constructor(redis: SharedRedis, capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new Error(`journal size must be a positive integer, got ${capacity}`);
    }
    this.#redis = redis.client;
    this.#capacity = capacity;
    const base = `${redis.prefix}journal:`;
    this.#keys = { seq: `${base}seq:`, legacySeq: `${base}seq`, orgs: `${base}orgs`, org: `${base}org:` };
  }

  async record(entry: NewJournalEntry): Promise<void> {
    const { seq, legacySeq, orgs, org } = this.#keys;
    await withRedis(() =>
      this.#redis.eval(
        RECORD,
        4,
        `${seq}${entry.orgId}`,
        `${org}${entry.orgId}`,
        orgs,
        legacySeq,
        JSON.stringify(entry),
        this.#capacity,
        entry.orgId,
      ),
    );
  }

  async list(orgId: number, query: JournalQuery = {}): Promise<JournalEntry[]> {
    const raw = await withRedis(() => this.#redis.lrange(`${this.#keys.org}${orgId}`, 0, -1));
    const entries = raw.map(parseEntry).reverse();
    return filterJournal(entries, query);
  }

  async clear(orgId?: number): Promise<number> {
    const { orgs, org } = this.#keys;
    const removed =
      orgId === undefined
        ? await withRedis(() => this.#redis.eval(CLEAR_ALL, 1, orgs, org))
        : await withRedis(() => this.#redis.eval(CLEAR_ONE, 2, `${org}${orgId}`, orgs, orgId));
    return Number(removed);
  }
}

function parseEntry(stored: string): JournalEntry {
  const space = stored.indexOf(' ');
  const fields = JSON.parse(stored.slice(space + 1)) as NewJournalEntry;
  return { id: Number(stored.slice(0, space)), ...fields };
}
