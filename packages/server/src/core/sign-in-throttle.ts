import { ApiError } from '../errors/api-error.js';

/** How many failed sign-ins are allowed per window, per account and per client address. */
export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

interface Window {
  failures: number;
  startedAt: number;
}

/**
 * Sign-in throttling (docs/api.md): failed attempts are counted per email address and per client
 * address in a fixed window; once either reaches its limit, every attempt from it (even with the
 * right password) is refused with 429 and `Retry-After` until the window ends. A success clears the
 * account's count. Counters live in this process.
 */
export class SignInThrottle {
  readonly #windows = new Map<string, Window>();

  constructor(
    readonly now: () => Date,
    readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  /** Throws `RateLimitExceeded` when the account or the address is over its limit. */
  check(email: string, address: string): void {
    const now = this.now().getTime();
    let waitMs = 0;
    for (const [key, limit] of this.#keys(email, address)) {
      const window = this.#live(key, now);
      if (window && window.failures >= limit) waitMs = Math.max(waitMs, window.startedAt + this.limits.windowMs - now);
    }
    if (waitMs > 0) {
      throw new ApiError('RateLimitExceeded', 'Too many failed sign-ins; try again later', {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
      });
    }
  }

  failed(email: string, address: string): void {
    const now = this.now().getTime();
    this.#prune(now);
    for (const [key] of this.#keys(email, address)) {
      const window = this.#live(key, now) ?? { failures: 0, startedAt: now };
      window.failures += 1;
      this.#windows.set(key, window);
    }
  }

  succeeded(email: string): void {
    this.#windows.delete(`account:${email.trim().toLowerCase()}`);
  }

  #keys(email: string, address: string): Array<[string, number]> {
    return [
      [`account:${email.trim().toLowerCase()}`, this.limits.perAccount],
      [`address:${address}`, this.limits.perAddress],
    ];
  }

  #live(key: string, now: number): Window | undefined {
    const window = this.#windows.get(key);
    if (window && now - window.startedAt >= this.limits.windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Drops ended windows now and then, so a stream of one-off addresses cannot grow the map forever. */
  #prune(now: number): void {
    if (this.#windows.size < 10_000) return;
    for (const [key, window] of this.#windows) {
      if (now - window.startedAt >= this.limits.windowMs) this.#windows.delete(key);
    }
  }
}
