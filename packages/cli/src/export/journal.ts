import { type FileHandle, open, readFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';

/** What became of one id. `failed` is retried by the next run; `done` and `missing` never are. */
export type Outcome = 'done' | 'missing' | 'failed';

/** One line of `state.jsonl`. `end` is the size of `tickets.jsonl` once this ticket's line was written. */
export interface JournalEntry {
  id: string;
  outcome: Outcome;
  end?: number;
  error?: string;
  /** A day entry (`id` is `day:YYYY-MM-DD`): the ticket ids listed for a day that is over, so a re-run does not page it again. */
  ids?: string[];
}

/** What an export writes per ticket: one line of `tickets.jsonl`, or rows of the SQLite file. */
export interface ExportRecord {
  id: string;
  exportedAt: string;
  /** `attachments`: the ticket's own files as exported, `null` when the vendor's API does not list them. */
  ticket: { vendor: string; id: string; attachments: ExportedAttachment[] | null };
  conversations: Array<{ id: string | null; attachments: ExportedAttachment[] }>;
  /** Why this ticket's record cannot be complete (files the vendor's API does not list). */
  incomplete?: string;
}

/** An attachment as exported: the vendor's fields plus where the file was written. */
export interface ExportedAttachment {
  fileName: string;
  file: string;
  sha256: string;
  size: number;
}

/** Where an export goes (JSONL + `state.jsonl`, or one SQLite file): the journal and the tickets, together. */
export interface ExportStore {
  /** The last outcome of each id (and each listed day) seen in earlier runs. */
  readonly previous: ReadonlyMap<string, JournalEntry>;
  /** Writes a ticket and journals it done, exactly once. Resolves once it is on disk. */
  commit(record: ExportRecord): Promise<void>;
  /** Journals a missing or failed id, or a listed day. */
  record(entry: JournalEntry): Promise<void>;
  close(): Promise<void>;
}

/**
 * The export's resume journal and its ticket file, written so that a crash (SIGKILL, power loss) at
 * any moment loses nothing and duplicates nothing:
 *
 * 1. the ticket's line is appended to `tickets.jsonl` and fsync'd;
 * 2. `{"id","outcome":"done","end":<size of tickets.jsonl>}` is appended to `state.jsonl` and fsync'd.
 *
 * On open, `state.jsonl` is cut back to its last complete line and `tickets.jsonl` to the largest
 * committed `end`: a ticket line written before a crash but not yet journaled is removed, and its id
 * is fetched again. Commits are serialized, so `end` only grows.
 */
export class ExportJournal implements ExportStore {
  readonly #tickets: FileHandle;
  readonly #state: FileHandle;
  #end: number;
  #queue: Promise<void> = Promise.resolve();
  /** The last outcome of each id seen in earlier runs. */
  readonly previous: ReadonlyMap<string, JournalEntry>;

  private constructor(tickets: FileHandle, state: FileHandle, end: number, previous: Map<string, JournalEntry>) {
    this.#tickets = tickets;
    this.#state = state;
    this.#end = end;
    this.previous = previous;
  }

  static async open(dir: string): Promise<ExportJournal> {
    const statePath = join(dir, 'state.jsonl');
    const ticketsPath = join(dir, 'tickets.jsonl');
    const previous = new Map<string, JournalEntry>();
    let committed = 0;
    let text = '';
    try {
      text = await readFile(statePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const complete = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(0, complete).split('\n')) {
      if (line === '') continue;
      const entry = JSON.parse(line) as JournalEntry;
      previous.set(entry.id, entry);
      if (entry.outcome === 'done' && entry.end !== undefined) committed = Math.max(committed, entry.end);
    }
    if (complete < Buffer.byteLength(text)) await truncate(statePath, Buffer.byteLength(text.slice(0, complete)));
    const size = await stat(ticketsPath).then(
      (s) => s.size,
      () => 0,
    );
    if (size > committed) await truncate(ticketsPath, committed);
    const tickets = await open(ticketsPath, 'a');
    const state = await open(statePath, 'a');
    return new ExportJournal(tickets, state, Math.min(size, committed), previous);
  }

  commit(record: ExportRecord): Promise<void> {
    return this.commitTicket(record.id, JSON.stringify(record));
  }

  /** Writes a ticket's line, then journals it done. Resolves once both are on disk. */
  commitTicket(id: string, line: string): Promise<void> {
    return this.#serial(async () => {
      const bytes = Buffer.from(`${line}\n`);
      await this.#tickets.write(bytes);
      await this.#tickets.sync();
      this.#end += bytes.length;
      await this.#append({ id, outcome: 'done', end: this.#end });
    });
  }

  /** Journals a missing or failed id. */
  record(entry: JournalEntry): Promise<void> {
    return this.#serial(() => this.#append(entry));
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#tickets.close();
    await this.#state.close();
  }

  async #append(entry: JournalEntry): Promise<void> {
    await this.#state.write(`${JSON.stringify(entry)}\n`);
    await this.#state.sync();
  }

  #serial(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(work);
    // Keep the chain alive after a failure; the caller still sees the rejection.
    this.#queue = next.catch(() => {});
    return next;
  }
}
