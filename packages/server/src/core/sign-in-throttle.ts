import { createHash } from 'node:crypto';
import { ApiError } from '../errors/api-error.js';

/** How many failed sign-ins are allowed per window, per account and per client address. */
export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

/** One key's failures in its current window. */
export interface FailureWindow {
  failures: number;
  /** Milliseconds until the window ends and its count is forgotten. */
  remainingMs: number;
}

/**
 * Where failed sign-ins are counted: this process's memory (core/memory-failure-counter.ts), or Redis
 * when the server has `redisUrl`, so every instance behind one load balancer counts together
 * (redis/redis-failure-counter.ts). A window is fixed: it starts at a key's first failure.
 */
export interface FailureCounter {
  /** The live window of each key, in order; `undefined` for a key with none. */
  read(keys: readonly string[]): Promise<Array<FailureWindow | undefined>>;
  /** Counts one failure against each key, opening a window of `windowMs` where none is live. */
  add(keys: readonly string[], windowMs: number): Promise<void>;
  /** Forgets a key's window. */
  clear(key: string): Promise<void>;
}

/**
 * Sign-in throttling (docs/api.md): failed attempts are counted per email address and per client
 * address in a fixed window; once either reaches its limit, every attempt from it (even with the
 * right password) is refused with 429 and `Retry-After` until the window ends. A success clears the
 * account's count (not the address's: one address guessing many accounts stays stopped).
 */
export class SignInThrottle {
  constructor(
    readonly counter: FailureCounter,
    readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  /** Throws `RateLimitExceeded` when the account or the address is over its limit. */
  async check(email: string, address: string): Promise<void> {
    const keys = this.#keys(email, address);
    const windows = await this.counter.read(keys.map(([key]) => key));
    let waitMs = 0;
    keys.forEach(([, limit], i) => {
      const window = windows[i];
      if (window && window.failures >= limit) waitMs = Math.max(waitMs, window.remainingMs);
    });
    if (waitMs > 0) {
      throw new ApiError('RateLimitExceeded', 'Too many failed sign-ins; try again later', {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
      });
    }
  }

  failed(email: string, address: string): Promise<void> {
    return this.counter.add(
      this.#keys(email, address).map(([key]) => key),
      this.limits.windowMs,
    );
  }

  succeeded(email: string): Promise<void> {
    return this.counter.clear(accountKey(email));
  }

  #keys(email: string, address: string): Array<[string, number]> {
    return [
      [accountKey(email), this.limits.perAccount],
      [`address:${digest(address)}`, this.limits.perAddress],
    ];
  }
}

/**
 * Counter keys carry a digest, not the email address or IP itself: a shared Redis is no place for a
 * list of who tried to sign in from where.
 */
const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);
const accountKey = (email: string) => `account:${digest(email.trim().toLowerCase())}`;
