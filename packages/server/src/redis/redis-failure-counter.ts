import type { FailureCounter, FailureWindow } from '../core/sign-in-throttle.js';
import { redisUnavailable, type SharedRedis, withRedis } from './redis-connection.js';
import { countFixedWindow } from './redis-rate-limit-store.js';

/**
 * Failed sign-ins counted in Redis under `<prefix>signin:<key>`, with the same fixed-window script as the
 * HTTP rate limits (INCR, PEXPIRE on the first hit), so a password guesser spreading attempts over every
 * instance behind a load balancer meets one budget. When Redis cannot answer, sign-in is refused with
 * 503 (`ServiceUnavailable`, `Retry-After: 1`) rather than let through unthrottled.
 */
export class RedisFailureCounter implements FailureCounter {
  readonly #redis: SharedRedis;

  constructor(redis: SharedRedis) {
    this.#redis = redis;
  }

  async read(keys: readonly string[]): Promise<Array<FailureWindow | undefined>> {
    const pipeline = this.#redis.client.pipeline();
    for (const key of keys) pipeline.get(this.#key(key)).pttl(this.#key(key));
    const results = await withRedis(() => pipeline.exec());
    return keys.map((_, i) => {
      const [countError, count] = results?.[2 * i] ?? [];
      const [ttlError, ttl] = results?.[2 * i + 1] ?? [];
      if (countError || ttlError) throw redisUnavailable(countError ?? ttlError);
      const failures = Number(count ?? 0);
      // PTTL: -2 no key (gone between the two commands), -1 no expiry (cannot happen: the script sets one).
      return failures > 0 && Number(ttl) > 0 ? { failures, remainingMs: Number(ttl) } : undefined;
    });
  }

  async add(keys: readonly string[], windowMs: number): Promise<void> {
    await withRedis(() =>
      Promise.all(keys.map((key) => countFixedWindow(this.#redis.client, this.#key(key), windowMs))),
    );
  }

  async clear(key: string): Promise<void> {
    await withRedis(() => this.#redis.client.del(this.#key(key)));
  }

  #key(key: string): string {
    return `${this.#redis.prefix}signin:${key}`;
  }
}
