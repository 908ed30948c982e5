/**
 * Per-client-address limit on SMTP connections: at most `max` in each `windowMs` window (fixed
 * windows, per process). A sender over the limit gets 421 and retries later, as MTAs do.
 */
export class ClientRateLimit {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly now: () => number = Date.now,
  ) {}

  /** Counts one connection; false when the address is over its limit. */
  take(address: string): boolean {
    const now = this.now();
    let window = this.#windows.get(address);
    if (!window || now - window.start >= this.windowMs) {
      if (this.#windows.size > 10_000) this.#prune(now);
      window = { start: now, count: 0 };
      this.#windows.set(address, window);
    }
    window.count += 1;
    return window.count <= this.max;
  }

  #prune(now: number): void {
    for (const [address, window] of this.#windows) {
      if (now - window.start >= this.windowMs) this.#windows.delete(address);
    }
  }
}
