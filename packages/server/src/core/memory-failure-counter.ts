import type { FailureCounter, FailureWindow } from './sign-in-throttle.js';

interface Window {
  failures: number;
  endsAt: number;
}

/** Windows kept before ended ones are swept, so a stream of one-off addresses cannot grow the map forever. */
const SWEEP_AT = 10_000;

/** Sign-in attempts counted in this process (a server without Redis). `now` is the server's clock. */
export class MemoryFailureCounter implements FailureCounter {
  readonly #windows = new Map<string, Window>();

  constructor(readonly now: () => Date = () => new Date()) {}

  async read(keys: readonly string[]): Promise<Array<FailureWindow | undefined>> {
    const now = this.now().getTime();
    return keys.map((key) => {
      const window = this.#live(key, now);
      return window && window.failures > 0
        ? { failures: window.failures, remainingMs: window.endsAt - now }
        : undefined;
    });
  }

  async add(keys: readonly string[], windowMs: number): Promise<FailureWindow[]> {
    const now = this.now().getTime();
    this.#sweep(now);
    return keys.map((key) => {
      const window = this.#live(key, now) ?? { failures: 0, endsAt: now + windowMs };
      window.failures += 1;
      this.#windows.set(key, window);
      return { failures: window.failures, remainingMs: window.endsAt - now };
    });
  }

  async remove(key: string): Promise<void> {
    const window = this.#live(key, this.now().getTime());
    if (window && window.failures > 0) window.failures -= 1;
  }

  async clear(key: string): Promise<void> {
    this.#windows.delete(key);
  }

  #live(key: string, now: number): Window | undefined {
    const window = this.#windows.get(key);
    if (window && now >= window.endsAt) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  #sweep(now: number): void {
    if (this.#windows.size < SWEEP_AT) return;
    for (const [key, window] of this.#windows) if (now >= window.endsAt) this.#windows.delete(key);
  }
}
