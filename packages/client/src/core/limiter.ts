import { type Clock, systemClock } from './clock.js';

/** A budget of `max` calls per `windowMs`, as the vendor counts them. */
export interface RateLimit {
  max: number;
  windowMs: number;
  /**
   * Extra wait added to every slot's release, in ms, against timer granularity. Default 10.
   * The limiter already measures each window from the *end* of a call (see `RateLimiter`), so
   * latency and clock offsets between client and server need no margin.
   */
  marginMs?: number;
}

/** A granted slot. `release()` when the call is over (idempotent). */
export interface Permit {
  release(): void;
}

interface Waiter {
  grant: (permit: Permit) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A client-side limiter for one credential: never more than `max` calls in any `windowMs`, as a
 * server would count them, and a FIFO queue for the rest.
 *
 * A slot is taken when a call is sent and stays taken until `windowMs` after the call *ended*. The
 * server counts the call at its arrival, which lies between the two, so call `n + max` reaches the
 * server at least `windowMs` after call `n` did, whatever the latency: no fixed or sliding window
 * on the server can see more than `max` calls. The price is one round trip per window.
 *
 * `pause(ms)` holds the whole queue (a 429 means the server's count and ours disagree, e.g. another
 * process shares the key): unlike Bottleneck under octokit (plugin-throttling #629), nothing else is
 * sent meanwhile. Retried calls may jump the queue (`acquire(signal, true)`), as octokit's do.
 */
export class RateLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #marginMs: number;
  readonly #clock: Clock;
  /** Calls sent and not yet ended. */
  #inFlight = 0;
  /** When each ended call's slot frees again (unsorted; small: at most `max` entries). */
  #cooling: number[] = [];
  #pausedUntil = 0;
  readonly #queue: Waiter[] = [];
  #cancelTimer: (() => void) | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(limit: RateLimit, clock: Clock = systemClock) {
    if (!Number.isSafeInteger(limit.max) || limit.max < 1)
      throw new RangeError('rateLimit.max must be a positive integer');
    if (!(limit.windowMs >= 0)) throw new RangeError('rateLimit.windowMs must be >= 0');
    this.#max = limit.max;
    this.#windowMs = limit.windowMs;
    this.#marginMs = limit.marginMs ?? 10;
    this.#clock = clock;
  }

  /** The budget this limiter enforces. */
  get limit(): Readonly<Required<RateLimit>> {
    return { max: this.#max, windowMs: this.#windowMs, marginMs: this.#marginMs };
  }

  /** Slots a call could take right now without queueing (0 while paused or when others wait). */
  get available(): number {
    const now = this.#clock.now();
    if (now < this.#pausedUntil || this.#queue.length > 0) return 0;
    const cooling = this.#cooling.filter((until) => until > now).length;
    return Math.max(0, this.#max - this.#inFlight - cooling);
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Resolves with a permit when a slot is free (at once if one is); rejects with `signal.reason` if
   * the signal aborts first. `priority` puts the caller at the head of the queue.
   */
  acquire(signal?: AbortSignal, priority = false): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((grant, reject) => {
      const waiter: Waiter = {
        grant,
        reject,
        signal,
        onAbort: () => {
          const at = this.#queue.indexOf(waiter);
          if (at >= 0) this.#queue.splice(at, 1);
          reject(signal?.reason);
          this.#pump();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      if (priority) this.#queue.unshift(waiter);
      else this.#queue.push(waiter);
      this.#pump();
    });
  }

  /** Holds every queued and future call for `ms` from now (a 429's `Retry-After`). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + Math.max(0, ms));
    this.#pump();
  }

  #pump(): void {
    const now = this.#clock.now();
    this.#cooling = this.#cooling.filter((until) => until > now);
    while (this.#queue.length > 0 && now >= this.#pausedUntil && this.#inFlight + this.#cooling.length < this.#max) {
      const waiter = this.#queue.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.#inFlight += 1;
      waiter.grant(this.#permit());
    }
    this.#schedule(now);
  }

  /** One timer, for the next moment the queue can move: the pause's end or the next slot's release. */
  #schedule(now: number): void {
    let next = Number.POSITIVE_INFINITY;
    if (this.#queue.length > 0) {
      if (now < this.#pausedUntil) next = this.#pausedUntil;
      else if (this.#inFlight + this.#cooling.length >= this.#max && this.#cooling.length > 0) {
        next = Math.min(...this.#cooling);
      }
      // Otherwise every slot is in flight: the next release() pumps.
    }
    if (next === this.#timerAt) return;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#timerAt = next;
    if (next === Number.POSITIVE_INFINITY) return;
    this.#cancelTimer = this.#clock.setTimeout(() => {
      this.#cancelTimer = undefined;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#pump();
    }, next - now);
  }

  #permit(): Permit {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        this.#cooling.push(this.#clock.now() + this.#windowMs + this.#marginMs);
        this.#pump();
      },
    };
  }
}
