import type { Clock } from './clock.js';

/** Why an attempt's signal fired. */
export type AbortCause = 'timeout' | 'aborted';

/** The signal one attempt runs under: the caller's signal and the attempt's own timeout, joined. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Why it fired, or `undefined` while it has not. */
  cause(): AbortCause | undefined;
  /** Stops the timer only: the caller's signal still aborts (a download's body keeps streaming). */
  stopTimer(): void;
  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void;
}

/** Aborts after `timeoutMs` on `clock`, or when `outer` aborts, whichever comes first. */
export function attemptSignal(clock: Clock, timeoutMs: number, outer?: AbortSignal): AttemptSignal {
  const controller = new AbortController();
  let cause: AbortCause | undefined;
  const fire = (why: AbortCause, reason: unknown) => {
    if (cause) return;
    cause = why;
    controller.abort(reason);
  };
  const onOuterAbort = () => fire('aborted', outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const cancelTimer =
    Number.isFinite(timeoutMs) && !cause
      ? clock.setTimeout(
          () => fire('timeout', new DOMException(`The attempt took longer than ${timeoutMs} ms`, 'TimeoutError')),
          timeoutMs,
        )
      : () => {};
  return {
    signal: controller.signal,
    cause: () => cause,
    stopTimer: cancelTimer,
    dispose: () => {
      cancelTimer();
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
