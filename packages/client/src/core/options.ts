import { type Clock, systemClock } from './clock.js';
import { type RateLimit, RateLimiter } from './limiter.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry.js';

/** Options every method takes as its last argument. */
export interface CallOptions {
  /**
   * Cancels the whole call: queueing for a rate-limit slot, every attempt and every backoff wait.
   * Use `AbortSignal.timeout(ms)` for an overall deadline. Fires as `ABORTED` and is never retried.
   */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms (queueing and backoff excluded). Default: the client's `timeout`. */
  timeout?: number;
  /** Retries for this call. Default: the client's `retry.retries`. */
  retries?: number;
  /** Retry this write even when it may have reached the server (see `RetryOptions.retryUnsafe`). */
  retryUnsafe?: boolean;
}

/** What `debug` receives. Headers are redacted and bodies never included. */
export type DebugEvent =
  | { type: 'queued'; operation: string; queued: number }
  | {
      type: 'request';
      operation: string;
      method: string;
      url: string;
      headers: Readonly<Record<string, string>>;
      attempt: number;
      at: number;
    }
  | {
      type: 'response';
      operation: string;
      method: string;
      url: string;
      status: number;
      attempt: number;
      at: number;
      durationMs: number;
    }
  | { type: 'retry'; operation: string; attempt: number; code: string; status: number; delayMs: number }
  | { type: 'rate-limited'; operation: string; pauseMs: number };

/** The options both vendor clients share. */
export interface CommonClientOptions {
  /** The `fetch` to use. Default: the global one. Tests pass one that calls the server in-process. */
  fetch?: typeof fetch;
  /** Time source for the limiter, backoff and timeouts. Default: `systemClock`. */
  clock?: Clock;
  /** Uniform random numbers in [0, 1) for backoff jitter. Default: `Math.random`. */
  random?: () => number;
  /** Per-attempt timeout in ms. Default 60 000 (uploads included; stripe-node uses 80 000). */
  timeout?: number;
  retry?: RetryOptions;
  /**
   * The client-side budget per credential, or `false` for none. Defaults per vendor: LeadSquared
   * 25 calls per 5 s (documented), Kapture 5 per second (none documented; integrators space calls
   * 150–200 ms apart). Pass `limiter` to share one budget between several clients of one key.
   */
  rateLimit?: (RateLimit & { limiter?: never }) | { limiter: RateLimiter } | false;
  /** Check request bodies against the wire schema before sending (`VALIDATION`, status 0). Default true. */
  validateRequests?: boolean;
  /** Check response bodies against the wire schema (`CONTRACT` on a mismatch). Default true. */
  validateResponses?: boolean;
  /** Sees every queued call, attempt, response and retry; never a credential or a body. */
  debug?: (event: DebugEvent) => void;
  /** Sent as `User-Agent`. Default `deskwire-client/<version>`. */
  userAgent?: string;
}

export const CLIENT_VERSION = '0.1.0';
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The shared options with every default filled in; frozen. */
export interface ResolvedCommonOptions {
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly random: () => number;
  readonly timeout: number;
  readonly retry: Readonly<Required<RetryOptions>>;
  readonly validateRequests: boolean;
  readonly validateResponses: boolean;
  readonly debug: ((event: DebugEvent) => void) | undefined;
  readonly userAgent: string;
  /** Limiter per credential id, created on first use; `undefined` when rate limiting is off. */
  readonly limiterFor: (credentialId: string) => RateLimiter | undefined;
}

export function resolveCommonOptions(options: CommonClientOptions, vendorDefault: RateLimit): ResolvedCommonOptions {
  const clock = options.clock ?? systemClock;
  const retry = Object.freeze({ ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) });
  if (!Number.isSafeInteger(retry.retries) || retry.retries < 0) throw new RangeError('retry.retries must be >= 0');
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!(timeout > 0)) throw new RangeError('timeout must be > 0');
  const limiters = new Map<string, RateLimiter>();
  const rateLimit = options.rateLimit;
  const limiterFor = (id: string): RateLimiter | undefined => {
    if (rateLimit === false) return undefined;
    if (rateLimit && 'limiter' in rateLimit && rateLimit.limiter) return rateLimit.limiter;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiter({ ...vendorDefault, ...definedOnly((rateLimit ?? {}) as RateLimit) }, clock);
      limiters.set(id, limiter);
    }
    return limiter;
  };
  return Object.freeze({
    fetch: options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init)),
    clock,
    random: options.random ?? Math.random,
    timeout,
    retry,
    validateRequests: options.validateRequests ?? true,
    validateResponses: options.validateResponses ?? true,
    debug: options.debug,
    userAgent: options.userAgent ?? `deskwire-client/${CLIENT_VERSION}`,
    limiterFor,
  });
}

/** Drops `undefined` values, so `{ retries: undefined }` does not override a default. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
