import type { Clock } from '@deskwire/client';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/**
 * A clock for tests. `advance(ms)` moves time and fires the timers due. With `auto: true`, time
 * jumps to the next timer as soon as the event loop is otherwise idle (a `setImmediate` away), so
 * backoff waits take no real time but keep their order and their virtual length.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #kicked = false;
  readonly #auto: boolean;

  constructor(options: { start?: number; auto?: boolean } = {}) {
    this.#now = options.start ?? Date.parse('2025-01-01T00:00:00Z');
    this.#auto = options.auto ?? false;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, callback };
    this.#timers.push(timer);
    if (this.#auto) this.#kick();
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      await flush();
      const next = this.#next();
      if (!next || next.at > until) break;
      this.#fire(next);
    }
    this.#now = until;
    await flush();
  }

  #next(): Timer | undefined {
    return [...this.#timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  }

  #fire(timer: Timer): void {
    this.#timers = this.#timers.filter((t) => t !== timer);
    this.#now = Math.max(this.#now, timer.at);
    timer.callback();
  }

  #kick(): void {
    if (this.#kicked) return;
    this.#kicked = true;
    setImmediate(() => {
      this.#kicked = false;
      const next = this.#next();
      if (!next) return;
      this.#fire(next);
      if (this.#timers.length > 0) this.#kick();
    });
  }
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
