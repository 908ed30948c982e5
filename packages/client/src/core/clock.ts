/**
 * Time, injectable: the limiter, backoff and timeouts read `now` and set timers only through a
 * `Clock`, so tests drive them deterministically (test/helpers/virtual-clock.ts).
 */
export interface Clock {
  /** Milliseconds since the epoch. Must never go backwards. */
  now(): number;
  /** Calls `callback` after `ms` milliseconds; the returned function cancels the timer. */
  setTimeout(callback: () => void, ms: number): () => void;
}

/**
 * The real clock: monotonic (`performance.now()`, anchored at `performance.timeOrigin`), so a wall
 * clock step (NTP, DST) cannot open or close rate-limit windows early.
 */
export const systemClock: Clock = Object.freeze({
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback: () => void, ms: number) => {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
});

/** Waits `ms` on `clock`; rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
