import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { redisUnavailable, type SharedRedis } from './redis-connection.js';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The store interface as @fastify/rate-limit calls it: `incr` also receives the request's window and max. */
interface PluginStore {
  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): PluginStore;
}

/**
 * One fixed window per key, counted by one script so every instance on the same Redis counts
 * atomically: INCR, and PEXPIRE of the window on the first hit. Unlike @fastify/rate-limit's own
 * Redis store, a window longer than the request's (the tenant's window was shortened since the key
 * was made) or none at all (PTTL -1) is cut to the request's window: the in-memory store measures
 * each call against the tenant's current window, and a tenant moved from 1 h to 5 s must not stay
 * locked out for the rest of the hour. KEYS: counter. ARGV: window (ms).
 */
const FIXED_WINDOW = `
local current = redis.call('INCR', KEYS[1])
local window = tonumber(ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if current == 1 or ttl < 0 or ttl > window then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
return {current, ttl}
`;

/** Counts one hit in `key`'s fixed window of `windowMs` (the same script as the HTTP limits); resolves with the count. */
export async function countFixedWindow(redis: Redis, key: string, windowMs: number): Promise<number> {
  return (await hitFixedWindow(redis, key, windowMs)).count;
}

/** As `countFixedWindow`, with the milliseconds left in the window. */
export async function hitFixedWindow(
  redis: Redis,
  key: string,
  windowMs: number,
): Promise<{ count: number; remainingMs: number }> {
  const [count, ttl] = (await redis.eval(FIXED_WINDOW, 1, key, windowMs)) as [number, number];
  return { count, remainingMs: ttl };
}

/** The fixed-window store; route-level settings get their own keys, as the plugin's stores do. */
class RedisWindowStore implements PluginStore {
  readonly #redis: Redis;
  readonly #key: string;

  constructor(redis: Redis, key: string) {
    this.#redis = redis;
    this.#key = key;
  }

  incr(key: string, callback: IncrCallback, timeWindow: number, _max: number): void {
    this.#redis.eval(FIXED_WINDOW, 1, `${this.#key}${key}`, timeWindow).then(
      (result) => {
        const [current, ttl] = result as [number, number];
        callback(null, { current, ttl });
      },
      (error: Error) => callback(error),
    );
  }

  child(routeOptions: unknown): PluginStore {
    const { method, url } = (routeOptions as { routeInfo: { method: string; url: string } }).routeInfo;
    return new RedisWindowStore(this.#redis, `${this.#key}${method}${url}-`);
  }
}

/**
 * Fails closed: when Redis cannot count a call, the call is refused with 503 (`ServiceUnavailable`,
 * `Retry-After: 1`, in the dialect's envelope) instead of being let through unlimited or failing
 * as a 500. A limit that silently stops limiting during an outage is worse for a shared sandbox
 * than a short, retryable refusal.
 */
class FailClosedStore implements PluginStore {
  readonly #inner: PluginStore;

  constructor(inner: PluginStore) {
    this.#inner = inner;
  }

  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void {
    this.#inner.incr(
      key,
      (error, result) => (error ? callback(redisUnavailable(error)) : callback(null, result)),
      timeWindow,
      max,
    );
  }

  child(routeOptions: unknown): PluginStore {
    return new FailClosedStore(this.#inner.child(routeOptions));
  }
}

/**
 * A `store` for @fastify/rate-limit counting in Redis under `<prefix>rate:<key>` (the key names the
 * dialect and the credential: `lsq:u$r…`). Each call's `max` and window come from the tenant (the
 * plugin resolves them per request and hands them to the store), so per-tenant budgets hold across
 * instances too.
 */
export function redisRateLimitStore(redis: SharedRedis): FastifyRateLimitStoreCtor {
  const keyPrefix = `${redis.prefix}rate:`;
  return class extends FailClosedStore {
    // The plugin passes its resolved settings; the tenant limit sets neither continueExceeding nor
    // exponentialBackoff, so the plain fixed window is all this store counts.
    constructor() {
      super(new RedisWindowStore(redis.client, keyPrefix));
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
