import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Attachment, isDeskwireClientError, type TicketClient } from '@deskwire/client';
import { ExportJournal, type ExportStore, type Outcome } from './journal.js';
import { saveAttachment } from './save-attachment.js';
import { SqliteExportStore } from './sqlite-store.js';

/** Counts as the progress display and the summary show them. */
export interface ExportCounts {
  total: number;
  /** Already done or missing in an earlier run: not fetched again. */
  skipped: number;
  done: number;
  missing: number;
  failed: number;
  attachments: number;
  /** Tickets whose own files (not a conversation's) the vendor's API does not list: LeadSquared's. */
  unlistedTicketFiles: number;
}

/** Said per ticket, in the export and by `attachment download`, when the vendor cannot list a ticket's own files. */
export const UNLISTED_TICKET_FILES =
  "LeadSquared's API does not list files attached to the ticket itself (uploaded by ticket create or update): " +
  'only conversation attachments can be read through it.';

/** One id's outcome, for `--report` (anchor 15: batch work reports, it does not throw). */
export interface ExportResult {
  id: string;
  status: Outcome | 'pending';
  error?: string;
}

export interface ExportReport {
  error?: string;
  interrupted: boolean;
  counts: ExportCounts;
  elapsedMs: number;
  results: ExportResult[];
}

/** A date-range source: the days, and how to list one day's ticket ids (Kapture K4, paged). */
export interface DaySource {
  days: readonly string[];
  list: (day: string, signal: AbortSignal) => Promise<string[]>;
  /** Whether the day is over in the tenant's zone: only then is its list journaled (and not paged again). */
  isOver: (day: string) => boolean;
}

export interface ExportOptions {
  tickets: TicketClient;
  /** The ids to export, or `days` to list them day by day. */
  ids?: readonly string[];
  days?: DaySource;
  /** `jsonl`: `out` is a directory (tickets.jsonl, state.jsonl); `sqlite`: `out` is the database file. */
  format?: 'jsonl' | 'sqlite';
  out: string;
  concurrency: number;
  /** Read tickets with `getTickets` in batches of this many ids first (Kapture: 50 per call). */
  batchSize?: number;
  /** Set when the run should stop taking new ids (Ctrl-C). */
  signal: AbortSignal;
  onProgress?: (counts: ExportCounts) => void;
}

/** The journal key of a listed day. */
export const dayKey = (day: string): string => `day:${day}`;

/**
 * Exports tickets by id: per id the ticket (a 404 is recorded `missing`), its conversations, and
 * every attachment (downloaded at once, while its signed URL is fresh, content-addressed under
 * `attachments/`), then one line in `tickets.jsonl` (or one transaction in the SQLite file). The
 * SDK's limiter paces the calls at the rate limit; `concurrency` workers keep its queue full. Never
 * throws for one ticket: failures are counted and journaled, and the next run retries them. With
 * `days`, each day's ids are listed first (a finished day's list is journaled), then exported.
 */
export async function runExport(options: ExportOptions): Promise<ExportReport> {
  const started = Date.now();
  const sqlite = options.format === 'sqlite';
  const baseDir = sqlite ? dirname(options.out) : options.out;
  await mkdir(baseDir, { recursive: true });
  const attachmentsDir = join(baseDir, 'attachments');
  const journal: ExportStore = sqlite
    ? await SqliteExportStore.open(options.out)
    : await ExportJournal.open(options.out);
  const status = new Map<string, ExportResult>();
  const counts: ExportCounts = {
    total: 0,
    skipped: 0,
    done: 0,
    missing: 0,
    failed: 0,
    attachments: 0,
    unlistedTicketFiles: 0,
  };
  /** Adds ids to the run; returns those still to fetch. */
  const admit = (ids: readonly string[]): string[] => {
    const queue: string[] = [];
    for (const id of ids) {
      if (status.has(id)) continue;
      counts.total++;
      const before = journal.previous.get(id);
      if (before && before.outcome !== 'failed') {
        counts.skipped++;
        status.set(id, { id, status: before.outcome });
      } else {
        status.set(id, { id, status: 'pending' });
        queue.push(id);
      }
    }
    return queue;
  };

  let fatal: unknown;
  const describe = (error: unknown) =>
    isDeskwireClientError(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  const isFatal = (error: unknown) =>
    isDeskwireClientError(error) && (error.code === 'AUTH' || error.code === 'FORBIDDEN');
  type Fetched = Awaited<ReturnType<TicketClient['getTicket']>>;
  const missing = async (id: string) => {
    await journal.record({ id, outcome: 'missing' });
    counts.missing++;
    status.set(id, { id, status: 'missing' });
  };

  /** `prefetched`: the batch read's answer (an id absent from it is missing), or undefined to read it here. */
  const one = async (id: string, prefetched: Map<string, Fetched> | undefined): Promise<void> => {
    try {
      let ticket: Fetched;
      if (prefetched) {
        const found = prefetched.get(id);
        if (!found) return await missing(id);
        ticket = found;
      } else {
        try {
          ticket = await options.tickets.getTicket(id);
        } catch (error) {
          if (isDeskwireClientError(error) && error.code === 'NOT_FOUND') return await missing(id);
          throw error;
        }
      }
      const conversations = await options.tickets.listConversations(ticket.id);
      let saved = 0;
      const save = async (files: readonly Attachment[]) => {
        const exported = [];
        for (const attachment of files) {
          const file = await saveAttachment(options.tickets, attachment, attachmentsDir, { contentAddressed: true });
          saved++;
          exported.push({ ...attachment, file: `attachments/${file.file}`, sha256: file.sha256, size: file.size });
        }
        return exported;
      };
      const ticketFiles = ticket.attachments === null ? null : await save(ticket.attachments);
      const withFiles = [];
      for (const conversation of conversations) {
        withFiles.push({ ...conversation, attachments: await save(conversation.attachments) });
      }
      await journal.commit({
        id,
        exportedAt: new Date().toISOString(),
        ticket: { ...ticket, attachments: ticketFiles },
        conversations: withFiles,
        // Said on the ticket's own record, so a backup never reads as complete when it cannot be.
        ...(ticketFiles === null && { incomplete: UNLISTED_TICKET_FILES }),
      });
      counts.attachments += saved;
      if (ticketFiles === null) counts.unlistedTicketFiles++;
      counts.done++;
      status.set(id, { id, status: 'done' });
    } catch (error) {
      if (isFatal(error)) {
        // Every other id would fail alike: stop the run (the id stays pending, retried next time).
        fatal ??= error;
        return;
      }
      const message = describe(error);
      counts.failed++;
      status.set(id, { id, status: 'failed', error: message });
      await journal.record({ id, outcome: 'failed', error: message }).catch(() => {});
    } finally {
      options.onProgress?.(counts);
    }
  };

  const stopped = () => options.signal.aborted || fatal !== undefined;
  /** Runs `concurrency` workers over `queue`, reading tickets in batches first when `batchSize` is set. */
  const drain = async (queue: readonly string[]) => {
    const chunk = options.batchSize ? Math.max(options.batchSize, options.concurrency) : queue.length;
    for (let at = 0; at < queue.length && !stopped(); at += chunk) {
      const part = queue.slice(at, at + chunk);
      let prefetched: Map<string, Fetched> | undefined;
      if (options.batchSize) {
        try {
          const found = await options.tickets.getTickets(part);
          prefetched = new Map(found.map((t) => [t.id, t] as const));
        } catch (error) {
          if (isFatal(error)) {
            fatal ??= error;
            return;
          }
          prefetched = undefined; // read them one by one instead, each failing on its own
        }
      }
      let next = 0;
      const worker = async () => {
        while (!stopped()) {
          const id = part[next++];
          if (id === undefined) return;
          await one(id, prefetched);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
    }
  };

  options.onProgress?.(counts);
  let error: string | undefined;
  try {
    if (options.ids) await drain(admit(options.ids));
    for (const day of options.days?.days ?? []) {
      if (stopped()) break;
      let ids = journal.previous.get(dayKey(day))?.ids;
      if (!ids) {
        try {
          ids = await options.days?.list(day, options.signal);
        } catch (e) {
          if (isFatal(e)) {
            fatal ??= e;
            break;
          }
          throw new Error(`listing ${day}: ${describe(e)}`);
        }
        if (!ids) break;
        if (options.days?.isOver(day)) await journal.record({ id: dayKey(day), outcome: 'done', ids });
      }
      await drain(admit(ids));
      options.onProgress?.(counts);
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    await journal.close();
  }
  if (fatal !== undefined) throw fatal;
  return {
    ...(error !== undefined && { error }),
    interrupted: options.signal.aborted,
    counts,
    elapsedMs: Date.now() - started,
    results: [...status.values()],
  };
}

/** Every `YYYY-MM-DD` from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const parse = (day: string) => {
    const time = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
      throw new RangeError(`'${day}' is not a date such as 2024-04-22`);
    }
    return time;
  };
  const start = parse(from);
  const end = parse(to);
  if (end < start) throw new RangeError(`--to ${to} is before --from ${from}`);
  if ((end - start) / DAY_MS > 3660) throw new RangeError('at most ten years of days per export');
  const days: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `1-5000`, `7,9,12-20`, `#143`; whitespace or commas between items. Anything else is a usage error. */
export function parseIdRanges(text: string): string[] {
  const ids: string[] = [];
  for (const part of text.split(/[\s,]+/)) {
    if (part === '') continue;
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from || to - from > 10_000_000) throw new RangeError(`'${part}' is not a range such as 1-5000`);
      for (let n = from; n <= to; n++) ids.push(String(n));
    } else if (/^#?[0-9]+$/.test(part)) ids.push(part);
    else throw new RangeError(`'${part}' is not a ticket number or a range such as 1-5000`);
  }
  return ids;
}
