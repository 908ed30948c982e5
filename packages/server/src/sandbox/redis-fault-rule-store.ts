import type { SharedRedis } from '../redis/redis-connection.js';
import { withRedis } from '../redis/redis-connection.js';
import {
  drawFires,
  type FaultRule,
  type FaultRuleInput,
  type FaultRuleStore,
  type FaultTarget,
  faultRuleExists,
  faultRuleIdPrefix,
  MAX_FAULT_RULES,
  ruleMatches,
  toFaultRule,
  tooManyFaultRules,
} from './fault-rules.js';

/**
 * Shared by the scripts below. Each tenant's rules, and the rules for every tenant, also have a sorted
 * set of their own (`<base>scope:<orgId>` and `<base>scope:all`, scored as in `order`), so that a call
 * reads only the rules that can apply to it: never another tenant's, however many or large those are.
 *
 * `sync` keeps those sets in step with the rules. They are in step while `<base>scoped` holds the order
 * counter's value: every add of this version moves both. Rules stored before the sets existed, or added
 * by an instance still on that version (a rolling upgrade) move only the counter, so the sets are
 * rebuilt from the rules. What such an instance removes can leave an id behind in a set: reads skip ids
 * whose rule is gone, and nothing trusts a set's word on a rule's tenant (`list(orgId)` and a tenant's
 * clear check the rule itself).
 */
const SCOPES = `
local function scopeOf(json)
  local org = cjson.decode(json).orgId
  if type(org) ~= 'number' then return 'all' end
  return string.format('%d', org)
end
local function sync(base)
  local seq = redis.call('GET', base .. 'seq') or '0'
  if redis.call('GET', base .. 'scoped') == seq then return end
  for _, scope in ipairs(redis.call('SMEMBERS', base .. 'scopes')) do redis.call('DEL', base .. 'scope:' .. scope) end
  redis.call('DEL', base .. 'scopes')
  local ids = redis.call('ZRANGE', base .. 'order', 0, -1, 'WITHSCORES')
  for i = 1, #ids, 2 do
    local json = redis.call('HGET', base .. 'rules', ids[i])
    if json then
      local scope = scopeOf(json)
      redis.call('ZADD', base .. 'scope:' .. scope, ids[i + 1], ids[i])
      redis.call('SADD', base .. 'scopes', scope)
    end
  end
  redis.call('SET', base .. 'scoped', seq)
end
`;

/**
 * Adds a rule under a client's id or its scope's next free id (`faultRuleIdPrefix`, then the scope's
 * counter), enforcing the cap, in one step.
 * KEYS: rules, order, fired, order counter, the scope's id counter, the scope's set, the set of scopes.
 * ARGV: rule JSON, id ('' = fresh), cap, id prefix, scope name, key base.
 */
const ADD = `${SCOPES}
sync(ARGV[6])
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return {'full'} end
local id = ARGV[2]
if id == '' then
  repeat id = ARGV[4] .. redis.call('INCR', KEYS[5]) until redis.call('HEXISTS', KEYS[1], id) == 0
elseif redis.call('HEXISTS', KEYS[1], id) == 1 then
  return {'exists'}
end
local score = redis.call('INCR', KEYS[4])
redis.call('SET', ARGV[6] .. 'scoped', score)
redis.call('HSET', KEYS[1], id, ARGV[1])
redis.call('ZADD', KEYS[2], score, id)
redis.call('ZADD', KEYS[6], score, id)
redis.call('SADD', KEYS[7], ARGV[5])
redis.call('HSET', KEYS[3], id, 0)
return {'ok', id}
`;

/**
 * Takes one firing of a rule if it still exists and has firings left; returns the new count, or -1.
 * This is what keeps `times` exact when several instances pick the same rule at once.
 * KEYS: rules, fired. ARGV: id, times (-1 = no limit).
 */
const FIRE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end
local limit = tonumber(ARGV[2])
local fired = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if limit >= 0 and fired >= limit then return -1 end
return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
`;

/**
 * The rules of the given scopes, merged in the order added: a flat list of id, JSON, count.
 * KEYS: rules, fired, then one set per scope. ARGV: key base.
 */
const SCOPED_SNAPSHOT = `${SCOPES}
sync(ARGV[1])
local entries = {}
for k = 3, #KEYS do
  local ids = redis.call('ZRANGE', KEYS[k], 0, -1, 'WITHSCORES')
  for i = 1, #ids, 2 do entries[#entries + 1] = { ids[i], tonumber(ids[i + 1]) } end
end
table.sort(entries, function(x, y) return x[2] < y[2] end)
local out = {}
for _, e in ipairs(entries) do
  local json = redis.call('HGET', KEYS[1], e[1])
  if json then
    out[#out + 1] = e[1]
    out[#out + 1] = json
    out[#out + 1] = redis.call('HGET', KEYS[2], e[1]) or '0'
  end
end
return out
`;

/** Removes the listed rule ids; returns how many existed. KEYS: rules, order, fired. ARGV: key base, ids. */
const REMOVE = `${SCOPES}
sync(ARGV[1])
local removed = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local json = redis.call('HGET', KEYS[1], id)
  if json then
    removed = removed + 1
    redis.call('HDEL', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
    redis.call('ZREM', ARGV[1] .. 'scope:' .. scopeOf(json), id)
  end
end
return removed
`;

/** Removes the rules scoped to one tenant. KEYS: rules, order, fired, the tenant's set, the set of scopes. ARGV: key base, orgId. */
const CLEAR_TENANT = `${SCOPES}
sync(ARGV[1])
local removed = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  local json = redis.call('HGET', KEYS[1], id)
  if json and scopeOf(json) == ARGV[2] then
    redis.call('HDEL', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
    removed = removed + 1
  end
end
redis.call('DEL', KEYS[4])
redis.call('SREM', KEYS[5], ARGV[2])
return removed
`;

/** Removes every rule (the id and order counters stay). KEYS: rules, order, fired, the set of scopes. ARGV: key base. */
const CLEAR_ALL = `${SCOPES}
sync(ARGV[1])
local removed = redis.call('HLEN', KEYS[1])
for _, scope in ipairs(redis.call('SMEMBERS', KEYS[4])) do redis.call('DEL', ARGV[1] .. 'scope:' .. scope) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return removed
`;

/** A stored rule: everything but its id (the hash field) and its count (kept apart, for HINCRBY). */
type StoredRule = Omit<FaultRule, 'id' | 'fired'>;

/**
 * Fault rules in Redis, shared by every instance on the same Redis and key prefix: rules in a hash,
 * their order in a sorted set (and one per scope, `SCOPES`), firing counts in a second hash. Matching and the probability draw
 * happen here (with this instance's random source); taking a firing is one script, so a rule with
 * `times: 3` fires exactly three times across all instances together.
 */
export class RedisFaultRuleStore implements FaultRuleStore {
  readonly #redis: SharedRedis['client'];
  readonly #random: () => number;
  readonly #now: () => Date;
  /** The key base (`<prefix>faults:`) the scripts compute the scopes' keys from. */
  readonly #base: string;
  readonly #keys: {
    rules: string;
    order: string;
    fired: string;
    seq: string;
    next: string;
    scopes: string;
  };

  constructor(redis: SharedRedis, options: { random?: () => number; now?: () => Date } = {}) {
    this.#redis = redis.client;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? (() => new Date());
    const base = `${redis.prefix}faults:`;
    this.#base = base;
    this.#keys = {
      rules: `${base}rules`,
      order: `${base}order`,
      fired: `${base}fired`,
      seq: `${base}seq`,
      next: `${base}next`,
      scopes: `${base}scopes`,
    };
  }

  async add(input: FaultRuleInput): Promise<FaultRule> {
    const { id: _id, fired: _fired, ...stored } = toFaultRule(input, input.id ?? '', this.#now());
    const { rules, order, fired, seq, next, scopes } = this.#keys;
    const scope = stored.orgId === null ? 'all' : String(stored.orgId);
    // Rules for every tenant keep the counter they always had (`…faults:next`); a tenant's has its own.
    const counter = stored.orgId === null ? next : `${next}:${stored.orgId}`;
    const result = (await withRedis(() =>
      this.#redis.eval(
        ADD,
        7,
        rules,
        order,
        fired,
        seq,
        counter,
        this.#scopeKey(scope),
        scopes,
        JSON.stringify(stored),
        input.id ?? '',
        MAX_FAULT_RULES,
        faultRuleIdPrefix(stored.orgId),
        scope,
        this.#base,
      ),
    )) as [string, string?];
    if (result[0] === 'full') throw tooManyFaultRules();
    if (result[0] === 'exists') throw faultRuleExists(input.id ?? '');
    return { id: String(result[1]), ...stored, fired: 0 };
  }

  async get(id: string): Promise<FaultRule | undefined> {
    const { rules, fired } = this.#keys;
    const [json, count] = await withRedis(() =>
      this.#redis.multi().hget(rules, id).hget(fired, id).exec().then(replies),
    );
    return typeof json === 'string' ? toRule(id, json, count) : undefined;
  }

  async list(orgId?: number): Promise<FaultRule[]> {
    if (orgId === undefined) return this.#snapshot();
    // The set's word is checked against the rule: a stale id there may name another tenant's rule now.
    return (await this.#scoped([String(orgId)])).filter((rule) => rule.orgId === orgId);
  }

  async remove(id: string): Promise<boolean> {
    const { rules, order, fired } = this.#keys;
    return Number(await withRedis(() => this.#redis.eval(REMOVE, 3, rules, order, fired, this.#base, id))) > 0;
  }

  async clear(orgId?: number): Promise<number> {
    const { rules, order, fired, scopes } = this.#keys;
    // The id counters survive, as in memory: a cleared `fault-1` is not handed out again.
    const removed =
      orgId === undefined
        ? await withRedis(() => this.#redis.eval(CLEAR_ALL, 4, rules, order, fired, scopes, this.#base))
        : await withRedis(() =>
            this.#redis.eval(
              CLEAR_TENANT,
              5,
              rules,
              order,
              fired,
              this.#scopeKey(String(orgId)),
              scopes,
              this.#base,
              orgId,
            ),
          );
    return Number(removed);
  }

  async pick(target: FaultTarget): Promise<FaultRule | undefined> {
    const { rules, fired } = this.#keys;
    // Only the rules for every tenant and the caller's own: another tenant's rules cost this call nothing.
    for (const rule of await this.#scoped(['all', String(target.orgId)])) {
      if (!ruleMatches(rule, target) || !drawFires(rule, this.#random)) continue;
      const count = Number(await withRedis(() => this.#redis.eval(FIRE, 2, rules, fired, rule.id, rule.times ?? -1)));
      // Another instance took the last firing (or removed the rule) since the snapshot: try the next.
      if (count < 0) continue;
      return { ...rule, fired: count };
    }
    return undefined;
  }

  /** Every rule in the order added, with its count, read in one transaction. */
  async #snapshot(): Promise<FaultRule[]> {
    const { rules, order, fired } = this.#keys;
    const [ids, stored, counts] = await withRedis(() =>
      this.#redis.multi().zrange(order, '0', '-1').hgetall(rules).hgetall(fired).exec().then(replies),
    );
    const byId = stored as Record<string, string>;
    const countById = counts as Record<string, string>;
    return (ids as string[]).flatMap((id) => {
      const json = byId[id];
      return json === undefined ? [] : [toRule(id, json, countById[id])];
    });
  }

  /** The rules of these scopes (`all`, or an org id) in the order added, with their counts, in one script. */
  async #scoped(scopes: string[]): Promise<FaultRule[]> {
    const { rules, fired } = this.#keys;
    const keys = scopes.map((scope) => this.#scopeKey(scope));
    const flat = (await withRedis(() =>
      this.#redis.eval(SCOPED_SNAPSHOT, 2 + keys.length, rules, fired, ...keys, this.#base),
    )) as string[];
    const found: FaultRule[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) found.push(toRule(flat[i] ?? '', flat[i + 1] ?? '{}', flat[i + 2]));
    return found;
  }

  #scopeKey(scope: string): string {
    return `${this.#base}scope:${scope}`;
  }
}

function toRule(id: string, json: string, count: unknown): FaultRule {
  return { id, ...(JSON.parse(json) as StoredRule), fired: Number(count ?? 0) };
}

/** The replies of a MULTI, or the first command's error. */
function replies(results: Array<[Error | null, unknown]> | null): unknown[] {
  if (!results) throw new Error('Redis transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
