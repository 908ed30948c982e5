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
 * Adds a rule under a client's id or its scope's next free id (`faultRuleIdPrefix`, then the scope's
 * counter), enforcing the cap, in one step.
 * KEYS: rules, order, fired, order counter, the scope's id counter. ARGV: rule JSON, id ('' = fresh),
 * cap, id prefix.
 */
const ADD = `
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return {'full'} end
local id = ARGV[2]
if id == '' then
  repeat id = ARGV[4] .. redis.call('INCR', KEYS[5]) until redis.call('HEXISTS', KEYS[1], id) == 0
elseif redis.call('HEXISTS', KEYS[1], id) == 1 then
  return {'exists'}
end
redis.call('HSET', KEYS[1], id, ARGV[1])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), id)
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

/** Removes the listed rule ids. KEYS: rules, order, fired. ARGV: ids. */
const REMOVE = `
local removed = 0
for _, id in ipairs(ARGV) do
  removed = removed + redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
end
return removed
`;

/** Removes the rules scoped to one tenant. KEYS: rules, order, fired. ARGV: orgId. */
const CLEAR_TENANT = `
local removed = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if cjson.decode(all[i + 1]).orgId == tonumber(ARGV[1]) then
    redis.call('HDEL', KEYS[1], all[i])
    redis.call('ZREM', KEYS[2], all[i])
    redis.call('HDEL', KEYS[3], all[i])
    removed = removed + 1
  end
end
return removed
`;

/** A stored rule: everything but its id (the hash field) and its count (kept apart, for HINCRBY). */
type StoredRule = Omit<FaultRule, 'id' | 'fired'>;

/**
 * Fault rules in Redis, shared by every instance on the same Redis and key prefix: rules in a hash,
 * their order in a sorted set, firing counts in a second hash. Matching and the probability draw
 * happen here (with this instance's random source); taking a firing is one script, so a rule with
 * `times: 3` fires exactly three times across all instances together.
 */
export class RedisFaultRuleStore implements FaultRuleStore {
  readonly #redis: SharedRedis['client'];
  readonly #random: () => number;
  readonly #now: () => Date;
  readonly #keys: readonly [rules: string, order: string, fired: string, seq: string, next: string];

  constructor(redis: SharedRedis, options: { random?: () => number; now?: () => Date } = {}) {
    this.#redis = redis.client;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? (() => new Date());
    const base = `${redis.prefix}faults:`;
    this.#keys = [`${base}rules`, `${base}order`, `${base}fired`, `${base}seq`, `${base}next`];
  }

  async add(input: FaultRuleInput): Promise<FaultRule> {
    const { id: _id, fired: _fired, ...stored } = toFaultRule(input, input.id ?? '', this.#now());
    const [rules, order, fired, seq, next] = this.#keys;
    // Rules for every tenant keep the counter they always had (`…faults:next`); a tenant's has its own.
    const counter = stored.orgId === null ? next : `${next}:${stored.orgId}`;
    const result = (await withRedis(() =>
      this.#redis.eval(
        ADD,
        5,
        rules,
        order,
        fired,
        seq,
        counter,
        JSON.stringify(stored),
        input.id ?? '',
        MAX_FAULT_RULES,
        faultRuleIdPrefix(stored.orgId),
      ),
    )) as [string, string?];
    if (result[0] === 'full') throw tooManyFaultRules();
    if (result[0] === 'exists') throw faultRuleExists(input.id ?? '');
    return { id: String(result[1]), ...stored, fired: 0 };
  }

  async get(id: string): Promise<FaultRule | undefined> {
    const [rules, , fired] = this.#keys;
    const [json, count] = await withRedis(() =>
      this.#redis.multi().hget(rules, id).hget(fired, id).exec().then(replies),
    );
    return typeof json === 'string' ? toRule(id, json, count) : undefined;
  }

  async list(orgId?: number): Promise<FaultRule[]> {
    const all = await this.#snapshot();
    return orgId === undefined ? all : all.filter((r) => r.orgId === orgId);
  }

  async remove(id: string): Promise<boolean> {
    const [rules, order, fired] = this.#keys;
    return Number(await withRedis(() => this.#redis.eval(REMOVE, 3, rules, order, fired, id))) > 0;
  }

  async clear(orgId?: number): Promise<number> {
    const [rules, order, fired] = this.#keys;
    if (orgId !== undefined) {
      return Number(await withRedis(() => this.#redis.eval(CLEAR_TENANT, 3, rules, order, fired, orgId)));
    }
    // The id counter survives, as in memory: a cleared `fault-1` is not handed out again.
    const [count] = await withRedis(() =>
      this.#redis.multi().hlen(rules).del(rules, order, fired).exec().then(replies),
    );
    return Number(count);
  }

  async pick(target: FaultTarget): Promise<FaultRule | undefined> {
    const [rules, , fired] = this.#keys;
    for (const rule of await this.#snapshot()) {
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
    const [rules, order, fired] = this.#keys;
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
