/**
 * Who has a ticket open in the console, and who is writing a reply (docs/api.md "Presence"). A heartbeat,
 * not a lock: an entry lapses `ttlMs` after its last beat. One interface, kept in memory by one process
 * or in Redis for every instance (redis/redis-presence-store.ts); test/presence runs one suite on both.
 */

export type PresenceActivity = 'viewing' | 'replying';

/** The ticket a presence belongs to (tickets are named by number inside their tenant). */
export interface PresenceKey {
  orgId: number;
  ticketNumber: number;
}

export interface PresenceEntry {
  userId: string;
  name: string;
  activity: PresenceActivity;
  /** When the current activity started, epoch ms (a beat with the same activity keeps it). */
  sinceMs: number;
  /** When the entry lapses unless renewed, epoch ms. */
  expiresMs: number;
}

export interface PresenceBeat {
  userId: string;
  name: string;
  activity: PresenceActivity;
  /** The time of the beat, epoch ms (the server's clock, so every instance agrees with its tests). */
  nowMs: number;
  ttlMs: number;
}

export interface PresenceStore {
  /** Records or renews one user's presence on a ticket; returns the entry as stored. */
  beat(key: PresenceKey, beat: PresenceBeat): Promise<PresenceEntry>;
  /** Forgets one user's presence on a ticket (nothing to forget is fine). */
  leave(key: PresenceKey, userId: string): Promise<void>;
  /** The entries of a ticket still live at `nowMs`, replying first, then by `sinceMs`, then by user id. */
  list(key: PresenceKey, nowMs: number): Promise<PresenceEntry[]>;
}

/** Replying agents first (that is the warning), then who came first. Shared by every store. */
export function orderPresence(entries: PresenceEntry[]): PresenceEntry[] {
  const rank = (e: PresenceEntry) => (e.activity === 'replying' ? 0 : 1);
  return entries.sort(
    (a, b) => rank(a) - rank(b) || a.sinceMs - b.sinceMs || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
}

/** The entry a beat leaves: `since` kept while the activity stays the same and the entry has not lapsed. */
export function nextPresence(previous: PresenceEntry | undefined, beat: PresenceBeat): PresenceEntry {
  const continues = previous !== undefined && previous.activity === beat.activity && previous.expiresMs > beat.nowMs;
  return {
    userId: beat.userId,
    name: beat.name,
    activity: beat.activity,
    sinceMs: continues ? previous.sinceMs : beat.nowMs,
    expiresMs: beat.nowMs + beat.ttlMs,
  };
}

/** Tickets with entries kept before a beat sweeps lapsed ones out of every ticket. */
const SWEEP_AT = 1000;

/** One process's presence: enough for a single instance; several instances share Redis instead. */
export class MemoryPresenceStore implements PresenceStore {
  readonly #tickets = new Map<string, Map<string, PresenceEntry>>();
  #sweptAt = Number.NEGATIVE_INFINITY;

  async beat(key: PresenceKey, beat: PresenceBeat): Promise<PresenceEntry> {
    // At most once per TTL: with many tickets live at once, a sweep per beat would cost more than it saves.
    if (this.#tickets.size >= SWEEP_AT && beat.nowMs - this.#sweptAt >= beat.ttlMs) {
      this.#sweptAt = beat.nowMs;
      this.#sweep(beat.nowMs);
    }
    const id = keyOf(key);
    let users = this.#tickets.get(id);
    if (!users) {
      users = new Map();
      this.#tickets.set(id, users);
    }
    const entry = nextPresence(users.get(beat.userId), beat);
    users.set(beat.userId, entry);
    return { ...entry };
  }

  async leave(key: PresenceKey, userId: string): Promise<void> {
    const id = keyOf(key);
    const users = this.#tickets.get(id);
    users?.delete(userId);
    if (users?.size === 0) this.#tickets.delete(id);
  }

  async list(key: PresenceKey, nowMs: number): Promise<PresenceEntry[]> {
    const users = this.#tickets.get(keyOf(key));
    if (!users) return [];
    for (const [userId, entry] of users) if (entry.expiresMs <= nowMs) users.delete(userId);
    return orderPresence([...users.values()].map((e) => ({ ...e })));
  }

  /** Drops lapsed entries (and emptied tickets) everywhere, so tickets nobody reopens do not pile up. */
  #sweep(nowMs: number): void {
    for (const [id, users] of this.#tickets) {
      for (const [userId, entry] of users) if (entry.expiresMs <= nowMs) users.delete(userId);
      if (users.size === 0) this.#tickets.delete(id);
    }
  }
}

function keyOf(key: PresenceKey): string {
  return `${key.orgId}:${key.ticketNumber}`;
}
