import type { DeskwireEvent } from '@deskwire/wire';
import type { TransactionalStore } from '../core/store.js';

/** How often a waiting reader re-reads the log anyway: commits of other instances without Redis. */
const POLL_MS = 1000;

/**
 * Where long-polls and event streams wait for new events: woken by this instance's commits and (with
 * Redis) other instances' announcements, and at least every second by the clock.
 */
export class EventWaiter {
  readonly #waiting = new Set<() => void>();

  constructor(private readonly storage: TransactionalStore) {}

  /** The tenant's newest sequence (0 before its first event). */
  lastSequence(orgId: number): Promise<number> {
    return this.storage.events.lastSequence(orgId);
  }

  list(orgId: number, after: number, limit: number): Promise<DeskwireEvent[]> {
    return this.storage.events.list(orgId, after, limit);
  }

  /** Resolves on the next `notify`, after `ms` at most (and never later than the poll interval). */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(ms, POLL_MS)));
      this.#waiting.add(done);
    });
  }

  /** New events were committed (here or, through Redis, elsewhere): every waiter reads again. */
  notify(): void {
    for (const done of [...this.#waiting]) done();
  }

  /** Wakes the waiters so a closed stream notices (same as `notify`). */
  interrupt(): void {
    this.notify();
  }
}
