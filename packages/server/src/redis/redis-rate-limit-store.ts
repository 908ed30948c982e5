import { createRequire } from 'node:module';
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
 * @fastify/rate-limit's own Redis store: a fixed window kept by one Lua script (INCR, and PEXPIRE
 * of the window on the first hit), so every instance on the same Redis counts against the same
 * key atomically. The package builds it for its `redis` option but does not export it by name;
 * it is loaded here so its failures can be wrapped (below).
 */
const PluginRedisStore = createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => PluginStore;

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
    // The plugin passes its resolved settings, which (unlike its typings say) carry these two flags.
    constructor(options: { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      super(
        new PluginRedisStore(
          options.continueExceeding ?? false,
          options.exponentialBackoff ?? false,
          redis.client,
          keyPrefix,
        ),
      );
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
