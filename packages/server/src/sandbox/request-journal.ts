/** One API request as the sandbox journal keeps it: never headers, never bodies. */
export interface JournalEntry {
  /**
   * Counted per tenant (from 1; see `RedisRequestJournal` for a journal an older version numbered): later
   * entries of the tenant have larger ids, and no other tenant's calls move the count (one sequence for all
   * would show each tenant how busy the others are). A clear or a reset keeps the count going, so a client
   * tailing with `after` never misses a new entry.
   */
  id: number;
  /** When the request arrived, ISO 8601 UTC. */
  at: string;
  orgId: number;
  method: string;
  /** Path and query, with credentials in the query redacted (`redactUrl`). */
  path: string;
  /** The route's operation name (`lsq.getTicket`, `kapture.createTicket`, …), or `null`. */
  operation: string | null;
  /** The status sent; `0` when a fault rule dropped the connection without a response. */
  status: number;
  /** From arrival to the end of the response, injected latency included. */
  latencyMs: number;
  /** The request's `Content-Length`; `null` when it had none (chunked or no body). */
  requestBytes: number | null;
  /** The response's `Content-Length`; `null` when it had none (streamed, or dropped). */
  responseBytes: number | null;
  /** Id of the fault rule that shaped this response, or `null`. */
  faultId: string | null;
}

export type NewJournalEntry = Omit<JournalEntry, 'id'>;

export interface JournalQuery {
  operation?: string;
  /** An exact status (`503`) or a class (`5xx`). */
  status?: string;
  /** Only entries that arrived at or after this time. */
  since?: Date;
  /** Only the most recent `limit` entries. */
  limit?: number;
}

/**
 * The last N requests per tenant, for assertions in tests. Every method is async so that a shared
 * store (e.g. Redis lists with LPUSH + LTRIM, for several server instances) can implement it.
 */
export interface RequestJournal {
  record(entry: NewJournalEntry): Promise<void>;
  /** A tenant's matching entries, oldest first. */
  list(orgId: number, query?: JournalQuery): Promise<JournalEntry[]>;
  /** Forgets one tenant's entries, or every tenant's; returns how many were removed. */
  clear(orgId?: number): Promise<number>;
}

/** Fixed-size ring buffers in memory, one per tenant: the oldest entry makes room for the newest. */
export class MemoryRequestJournal implements RequestJournal {
  readonly #capacity: number;
  readonly #rings = new Map<number, Ring>();
  /** The last id handed out, per tenant; kept by `clear`, so ids are never handed out twice. */
  readonly #lastIds = new Map<number, number>();

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new Error(`journal size must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  async record(entry: NewJournalEntry): Promise<void> {
    let ring = this.#rings.get(entry.orgId);
    if (!ring) {
      ring = { entries: [], start: 0 };
      this.#rings.set(entry.orgId, ring);
    }
    const id = (this.#lastIds.get(entry.orgId) ?? 0) + 1;
    this.#lastIds.set(entry.orgId, id);
    const full: JournalEntry = { id, ...entry };
    if (ring.entries.length < this.#capacity) {
      ring.entries.push(full);
    } else {
      ring.entries[ring.start] = full;
      ring.start = (ring.start + 1) % this.#capacity;
    }
  }

  async list(orgId: number, query: JournalQuery = {}): Promise<JournalEntry[]> {
    const ring = this.#rings.get(orgId);
    if (!ring) return [];
    const ordered = [...ring.entries.slice(ring.start), ...ring.entries.slice(0, ring.start)];
    return filterJournal(structuredClone(ordered), query);
  }

  async clear(orgId?: number): Promise<number> {
    if (orgId === undefined) {
      let removed = 0;
      for (const ring of this.#rings.values()) removed += ring.entries.length;
      this.#rings.clear();
      return removed;
    }
    const removed = this.#rings.get(orgId)?.entries.length ?? 0;
    this.#rings.delete(orgId);
    return removed;
  }
}

interface Ring {
  entries: JournalEntry[];
  /** Index of the oldest entry once the ring is full. */
  start: number;
}

/** The entries (oldest first) a query selects; shared by every journal, so all filter alike. */
export function filterJournal(entries: JournalEntry[], query: JournalQuery): JournalEntry[] {
  const matchStatus = statusMatcher(query.status);
  const since = query.since?.toISOString();
  const found = entries.filter(
    (e) =>
      (query.operation === undefined || e.operation === query.operation) &&
      matchStatus(e.status) &&
      (since === undefined || e.at >= since),
  );
  return query.limit === undefined ? found : found.slice(Math.max(0, found.length - query.limit));
}

/** `503` matches that status, `5xx` the class, nothing every status. */
export function statusMatcher(filter: string | undefined): (status: number) => boolean {
  if (filter === undefined) return () => true;
  const statusClass = /^([0-9])xx$/i.exec(filter)?.[1];
  if (statusClass !== undefined) return (status) => Math.floor(status / 100) === Number(statusClass);
  const exact = Number(filter);
  return (status) => status === exact;
}
