/** Default bound on the bytes of cached answers one app keeps (all tenants together; bodies, keys and stamps). */
export const MAX_CACHED_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Default bound on the number of cached answers, whatever their size (each costs ~200 bytes of bookkeeping). */
export const MAX_CACHED_RESPONSES = 20_000;

/** What a cached answer was made from; it is served only while all three still hold. */
export interface TicketAnswerStamp {
  /**
   * The ticket the reference resolved to (a tenant reset re-using a number gets a new id); for an
   * answer made from several tickets, each one's id and version (cached-ticket-answer.ts).
   */
  readonly ticketId: string;
  /** The ticket's version (migration 0014), read before the answer was built. */
  readonly version: number;
  /** The tenant's configuration generation the answer's fields and permissions came from. */
  readonly generation: number;
}

interface Entry extends TicketAnswerStamp {
  readonly body: Buffer;
  /** Time-bound answers (signed URLs): served only before this instant (ms since the epoch). */
  readonly until: number | undefined;
  /**
   * Time-bound answers: served only from the instant they were made. A clock stepped back (NTP, a test
   * moving it) would otherwise serve URLs that expire later than any this server signs now, and refuses.
   */
  readonly since: number | undefined;
  /** What the entry counts against the byte bound: its body, key and stamp (a K3 stamp names up to 50 tickets). */
  readonly cost: number;
}

/**
 * Finished response bytes of ticket reads, checked on every request against the ticket's version and
 * the tenant's configuration generation, both read from the store for that request (the version by
 * one indexed statement). Any write, by this instance, another one or an admin command, moves the
 * version in the writing transaction, so a read that starts after a write commits never gets bytes
 * older than it: no invalidation message is needed, and none can be lost.
 *
 * Keys start with the tenant's org id and the caller's role (the permissions in the answer depend on
 * it); a hit also needs the ticket id that the tenant-scoped version read found, so an entry can never
 * answer for another tenant or another ticket. Bounded by bytes and by count: past either, the least
 * recently used answers go first (a later read rebuilds them).
 */
export class TicketResponseCache {
  /** Map order is recency order: a hit moves its key to the end, eviction takes the front. */
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(
    readonly limits: { maxBytes: number; maxEntries: number } = {
      maxBytes: MAX_CACHED_RESPONSE_BYTES,
      maxEntries: MAX_CACHED_RESPONSES,
    },
  ) {}

  /** How many answers and bytes are held (for the soak and tests). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  /**
   * The cached answer for `key` if it was made from exactly `stamp` (and, for a time-bound answer, `now`
   * in ms is before its bound); a stale one is dropped.
   */
  get(key: string, stamp: TicketAnswerStamp, now?: number): Buffer | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (
      entry.ticketId !== stamp.ticketId ||
      entry.version !== stamp.version ||
      entry.generation !== stamp.generation ||
      (entry.until !== undefined &&
        (now === undefined || now >= entry.until || (entry.since !== undefined && now < entry.since)))
    ) {
      this.#bytes -= entry.cost;
      return undefined;
    }
    this.#entries.set(key, entry);
    return entry.body;
  }

  /**
   * Keeps `body` for `key`; with `until` (ms since the epoch) it is served only before that instant, and
   * from `since` (when it was made) on.
   */
  set(key: string, stamp: TicketAnswerStamp, body: Buffer, until?: number, since?: number): void {
    const cost = body.length + key.length + stamp.ticketId.length;
    if (cost > this.limits.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= previous.cost;
    }
    this.#entries.set(key, {
      ticketId: stamp.ticketId,
      version: stamp.version,
      generation: stamp.generation,
      body,
      until,
      since: until === undefined ? undefined : since,
      cost,
    });
    this.#bytes += cost;
    while (this.#bytes > this.limits.maxBytes || this.#entries.size > this.limits.maxEntries) {
      const oldest = this.#entries.entries().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value[0]);
      this.#bytes -= oldest.value[1].cost;
    }
  }
}
