import { type DependencyList, useEffect, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading'; previous?: T }
  | { state: 'ready'; value: T }
  | { state: 'failed'; message: string; previous?: T };

/**
 * Runs `load` whenever `deps` change (aborting the previous run), keeping the last value on screen while the
 * next one loads so live refreshes do not flash.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setResult((current) => {
      const previous = current.state === 'ready' ? current.value : current.previous;
      return previous === undefined ? { state: 'loading' } : { state: 'loading', previous };
    });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setResult({ state: 'ready', value });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        setResult((current) => {
          const previous = current.state === 'ready' ? current.value : current.previous;
          return previous === undefined ? { state: 'failed', message } : { state: 'failed', message, previous };
        });
      },
    );
    return () => controller.abort();
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on.
  }, deps);
  return result;
}

/** The value to show: the loaded one, or the previous one while reloading. */
export function current<T>(loaded: Loaded<T>): T | undefined {
  return loaded.state === 'ready' ? loaded.value : loaded.previous;
}
