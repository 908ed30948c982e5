import type { FailureCounter, FailureWindow } from '../core/sign-in-throttle.js';
import { redisUnavailable, type SharedRedis, withRedis } from './redis-connection.js';
import { hitFixedWindow } from './redis-rate-limit-store.js';

/** KEYS: counter. Decrements a live counter above zero; keeps its expiry. */
const TAKE_BACK = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > 0 and redis.call('PTTL', KEYS[1]) > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/**
 * Sign-in attempts counted in Redis under `<prefix>signin:<key>`, with the same fixed-window script as the
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

  async add(keys: readonly string[], windowMs: number): Promise<FailureWindow[]> {
    return withRedis(() =>
      Promise.all(
        keys.map(async (key) => {
          const { count, remainingMs } = await hitFixedWindow(this.#redis.client, this.#key(key), windowMs);
          return { failures: count, remainingMs };
        }),
      ),
    );
  }

  async remove(key: string): Promise<void> {
    // DECR only a live window, and never below zero: one script, so no other instance sees a half step.
    await withRedis(() => this.#redis.client.eval(TAKE_BACK, 1, this.#key(key)));
  }

  async clear(key: string): Promise<void> {
    await withRedis(() => this.#redis.client.del(this.#key(key)));
  }

  #key(key: string): string {
    return `${this.#redis.prefix}signin:${key}`;
  }
}
