import type { DeskwireClientError } from './errors.js';

/**
 * When to try a failed call again. Retries are decided by *operation*, not by status alone:
 * octokit's plugin-retry retries any POST on a 5xx and users get duplicate writes
 * (the retry rules of well-kept API SDKs such as Octokit and Stripe's); neither vendor documents idempotency keys.
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2 (stripe-node's default since v17). */
  retries?: number;
  /** First backoff delay, in ms; also the floor of every delay. Default 500 (stripe-node). */
  minDelayMs?: number;
  /** Cap of the exponential backoff, in ms. Default 5000 (stripe-node). */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client waits out by itself, in ms. A 429 or 503 asking for longer is
   * thrown at once (`RATE_LIMITED` / `SERVER` with `retryAfterMs`). Default 60 000 (octokit's fallback).
   */
  maxRetryAfterMs?: number;
  /**
   * Also retry writes (create, update, note, portal activity, trash) after a failure that may have
   * reached the server: a timeout, a reset connection, a 5xx, a 429. Default false: a write is then
   * retried only when it provably never left (connection refused, DNS failure). Opt in only when
   * a duplicate is harmless to you.
   */
  retryUnsafe?: boolean;
}

export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({
  retries: 2,
  minDelayMs: 500,
  maxDelayMs: 5000,
  maxRetryAfterMs: 60_000,
  retryUnsafe: false,
});

/** What the seam knows about the failed attempt. */
export interface RetryContext {
  /** The attempt that failed, 1-based. */
  attempt: number;
  /** The operation is read-only (GET, L5 conversation filter, L10, Kapture search and pull). */
  safe: boolean;
  /** The body can be sent again (false for a caller's one-shot stream). */
  replayable: boolean;
  /** The failure happened before any byte could reach the server (connection refused, DNS). */
  notSent: boolean;
  policy: Readonly<Required<RetryOptions>>;
  random: () => number;
}

/**
 * The delay before the next attempt, or `undefined` to give up. A 429 waits 0 here: the seam has
 * already paused the credential's limiter for the `Retry-After`, and the retry queues behind it.
 */
export function retryDelay(error: DeskwireClientError, ctx: RetryContext): number | undefined {
  if (ctx.attempt > ctx.policy.retries || !ctx.replayable) return undefined;
  const mayRepeat = ctx.safe || ctx.policy.retryUnsafe;
  switch (error.code) {
    case 'NETWORK':
      return ctx.notSent || mayRepeat ? backoffDelay(ctx.attempt, ctx.policy, ctx.random) : undefined;
    case 'TIMEOUT':
      return mayRepeat ? backoffDelay(ctx.attempt, ctx.policy, ctx.random) : undefined;
    case 'RATE_LIMITED':
      if (!mayRepeat) return undefined;
      return (error.retryAfterMs ?? 0) <= ctx.policy.maxRetryAfterMs ? 0 : undefined;
    case 'SERVER': {
      if (!mayRepeat || !RETRYABLE_5XX.has(error.status)) return undefined;
      const backoff = backoffDelay(ctx.attempt, ctx.policy, ctx.random);
      if (error.retryAfterMs === null) return backoff;
      return error.retryAfterMs <= ctx.policy.maxRetryAfterMs ? Math.max(error.retryAfterMs, backoff) : undefined;
    }
    default:
      return undefined;
  }
}

/** 501 (not implemented) and 505 will not change on a retry. */
const RETRYABLE_5XX = new Set([500, 502, 503, 504]);

/**
 * stripe-node's backoff (RequestSender._getSleepTimeInMS): `min(min·2^(n−1), max)`, times a
 * random factor in [0.5, 1] ("equal jitter"), never below `min`: 0.5 s, 0.5–1 s, 1–2 s, … 2.5–5 s.
 */
export function backoffDelay(attempt: number, policy: Readonly<Required<RetryOptions>>, random: () => number): number {
  const exponential = Math.min(policy.minDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.max(policy.minDelayMs, exponential * (0.5 + random() / 2));
}

/**
 * `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
