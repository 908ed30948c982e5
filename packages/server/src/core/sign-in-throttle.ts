import { createHmac } from 'node:crypto';
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
 * Where sign-in attempts are counted: this process's memory (core/memory-failure-counter.ts), or Redis
 * when the server has `redisUrl`, so every instance behind one load balancer counts together
 * (redis/redis-failure-counter.ts). A window is fixed: it starts at a key's first attempt.
 */
export interface FailureCounter {
  /** The live window of each key, in order; `undefined` for a key with none. */
  read(keys: readonly string[]): Promise<Array<FailureWindow | undefined>>;
  /**
   * Counts one attempt against each key, atomically, opening a window of `windowMs` where none is live;
   * answers each key's window with this attempt counted.
   */
  add(keys: readonly string[], windowMs: number): Promise<FailureWindow[]>;
  /** Takes one attempt back from a key's live window (never below zero). */
  remove(key: string): Promise<void>;
  /** Forgets a key's window. */
  clear(key: string): Promise<void>;
}

/**
 * Sign-in throttling (docs/api.md): attempts are counted per account and per client address in a fixed
 * window, **before** the password is checked, so that concurrent guesses cannot all pass one check made
 * before any of them had failed. Once either count goes over its limit, the attempt (even with the right
 * password) is refused with 429 and `Retry-After` until the window ends. A success clears the account's
 * count and takes its attempt back from the address's, so only failures add up there (one address
 * guessing many accounts stays stopped; an office signing in many people does not).
 *
 * The account is the email address in the tenant the attempt names (`signInTarget`), so guesses against one
 * tenant's user never lock out another tenant's user with the same email address. Counter keys are HMACs
 * under a key of the data set (`keySecret`): the shared counter (Redis) holds no email or address, nor a plain
 * hash of one that a list of addresses could be checked against.
 */
export class SignInThrottle {
  readonly #secret: Buffer;

  constructor(
    readonly counter: FailureCounter,
    keySecret: Buffer,
    readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {
    this.#secret = keySecret;
  }

  /** Counts the attempt; throws `RateLimitExceeded` when the account or the address is over its limit. */
  async attempt(account: string, address: string): Promise<void> {
    const keys = this.#keys(account, address);
    const windows = await this.counter.add(
      keys.map(([key]) => key),
      this.limits.windowMs,
    );
    let waitMs = 0;
    keys.forEach(([, limit], i) => {
      const window = windows[i];
      if (window && window.failures > limit) waitMs = Math.max(waitMs, window.remainingMs);
    });
    if (waitMs > 0) {
      throw new ApiError('RateLimitExceeded', 'Too many failed sign-ins; try again later', {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
      });
    }
  }

  async succeeded(account: string, address: string): Promise<void> {
    await this.counter.clear(this.#key('account', account));
    await this.counter.remove(this.#key('address', address));
  }

  #keys(account: string, address: string): Array<[string, number]> {
    return [
      [this.#key('account', account), this.limits.perAccount],
      [this.#key('address', address), this.limits.perAddress],
    ];
  }

  #key(kind: 'account' | 'address', value: string): string {
    return `${kind}:${createHmac('sha256', this.#secret).update(value).digest('base64url').slice(0, 22)}`;
  }
}

/**
 * The account a sign-in attempt is counted against, from what the attempt asked for alone: the email address
 * in the tenant it named, or in any tenant (`*`) when it named none. Never from what the store holds, so the
 * counts answer alike for addresses that exist and ones that do not (no oracle), and guesses naming one tenant
 * never lock out another tenant's user with the same address. A user whose address is in no other tenant can
 * be reached both ways, so has at most twice the per-account budget.
 */
export function signInTarget(input: { email: string; orgId?: number | undefined }): string {
  return `${input.orgId ?? '*'}:${input.email.trim().toLowerCase()}`;
}
