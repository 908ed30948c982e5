import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeskwireClientError, type TicketClient } from '@deskwire/client';
import { ExportJournal, type Outcome } from './journal.js';
import { saveAttachment } from './save-attachment.js';

/** Counts as the progress display and the summary show them. */
export interface ExportCounts {
  total: number;
  /** Already done or missing in an earlier run: not fetched again. */
  skipped: number;
  done: number;
  missing: number;
  failed: number;
  attachments: number;
}

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

export interface ExportOptions {
  tickets: TicketClient;
  ids: readonly string[];
  out: string;
  concurrency: number;
  /** Set when the run should stop taking new ids (Ctrl-C). */
  signal: AbortSignal;
  onProgress?: (counts: ExportCounts) => void;
}

/**
 * Exports tickets by id: per id the ticket (a 404 is recorded `missing`), its conversations, and
 * every attachment (downloaded at once, while its signed URL is fresh, content-addressed under
 * `attachments/`), then one line in `tickets.jsonl`. The SDK's limiter paces the calls at the rate
 * limit; `concurrency` workers keep its queue full. Never throws for one ticket: failures are counted
 * and journaled, and the next run retries them.
 */
export async function runExport(options: ExportOptions): Promise<ExportReport> {
  const started = Date.now();
  await mkdir(options.out, { recursive: true });
  const attachmentsDir = join(options.out, 'attachments');
  const journal = await ExportJournal.open(options.out);
  const status = new Map<string, ExportResult>();
  const queue: string[] = [];
  const counts: ExportCounts = { total: 0, skipped: 0, done: 0, missing: 0, failed: 0, attachments: 0 };
  for (const id of options.ids) {
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

  let fatal: unknown;
  const one = async (id: string): Promise<void> => {
    try {
      let ticket: Awaited<ReturnType<TicketClient['getTicket']>>;
      try {
        ticket = await options.tickets.getTicket(id);
      } catch (error) {
        if (isDeskwireClientError(error) && error.code === 'NOT_FOUND') {
          await journal.record({ id, outcome: 'missing' });
          counts.missing++;
          status.set(id, { id, status: 'missing' });
          return;
        }
        throw error;
      }
      const conversations = await options.tickets.listConversations(ticket.id);
      const withFiles = [];
      for (const conversation of conversations) {
        const attachments = [];
        for (const attachment of conversation.attachments) {
          const saved = await saveAttachment(options.tickets, attachment, attachmentsDir, { contentAddressed: true });
          counts.attachments++;
          attachments.push({
            ...attachment,
            file: `attachments/${saved.file}`,
            sha256: saved.sha256,
            size: saved.size,
          });
        }
        withFiles.push({ ...conversation, attachments });
      }
      const line = JSON.stringify({ id, exportedAt: new Date().toISOString(), ticket, conversations: withFiles });
      await journal.commitTicket(id, line);
      counts.done++;
      status.set(id, { id, status: 'done' });
    } catch (error) {
      if (isDeskwireClientError(error) && (error.code === 'AUTH' || error.code === 'FORBIDDEN')) {
        // Every other id would fail alike: stop the run (the id stays pending, retried next time).
        fatal ??= error;
        return;
      }
      const message = isDeskwireClientError(error)
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
      counts.failed++;
      status.set(id, { id, status: 'failed', error: message });
      await journal.record({ id, outcome: 'failed', error: message }).catch(() => {});
    } finally {
      options.onProgress?.(counts);
    }
  };

  let next = 0;
  const worker = async () => {
    while (!options.signal.aborted && fatal === undefined) {
      const id = queue[next++];
      if (id === undefined) return;
      await one(id);
    }
  };
  options.onProgress?.(counts);
  let error: string | undefined;
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
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

/** `1-5000`, `7,9,12-20`; whitespace or commas between items. */
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
    } else if (/^[#A-Za-z0-9-]+$/.test(part)) ids.push(part);
    else throw new RangeError(`'${part}' is not an id or a range`);
  }
  return ids;
}
