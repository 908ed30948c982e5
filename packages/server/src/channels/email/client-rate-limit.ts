import type { SharedRedis } from '../../redis/redis-connection.js';
import { countFixedWindow } from '../../redis/redis-rate-limit-store.js';

/**
 * Per-client-address limit on SMTP connections: at most `max` in each `windowMs` window (fixed
 * windows). A sender over the limit gets 421 and retries later, as MTAs do.
 */
export interface ClientRateLimit {
  readonly max: number;
  readonly windowMs: number;
  /** Counts one connection; false when the address is over its limit. Rejects when it cannot count. */
  take(address: string): Promise<boolean>;
}

/** The limit counted in this process: right for a single instance. */
export class MemoryClientRateLimit implements ClientRateLimit {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly now: () => number = Date.now,
  ) {}

  async take(address: string): Promise<boolean> {
    const now = this.now();
    let window = this.#windows.get(address);
    if (!window || now - window.start >= this.windowMs) {
      if (this.#windows.size > 10_000) this.#prune(now);
      window = { start: now, count: 0 };
      this.#windows.set(address, window);
    }
    window.count += 1;
    return window.count <= this.max;
  }

  #prune(now: number): void {
    for (const [address, window] of this.#windows) {
      if (now - window.start >= this.windowMs) this.#windows.delete(address);
    }
  }
}

/**
 * The limit counted in the shared Redis (`<prefix>smtp-rate:<address>`), so every instance behind one
 * MX record draws on one budget per client address: a sender cannot multiply its allowance by the
 * number of instances.
 */
export class RedisClientRateLimit implements ClientRateLimit {
  constructor(
    readonly redis: SharedRedis,
    readonly max: number,
    readonly windowMs: number,
  ) {}

  async take(address: string): Promise<boolean> {
    const count = await countFixedWindow(this.redis.client, `${this.redis.prefix}smtp-rate:${address}`, this.windowMs);
    return count <= this.max;
  }
}
