import { readFile, writeFile } from 'node:fs/promises';
import type { KaptureClient } from '@deskwire/client';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import {
  type DaySource,
  daysBetween,
  type ExportCounts,
  parseIdRanges,
  runExport,
  UNLISTED_TICKET_FILES,
} from '../export/run-export.js';
import { positiveInt } from '../parse-options.js';
import { CLIENT_EXIT, connect, connectionOptions, withClientErrors } from '../profiles/connect.js';
import type { ConnectionFlags } from '../profiles/profiles.js';

interface ExportFlags extends ConnectionFlags {
  ids?: string;
  idsFile?: string;
  from?: string;
  to?: string;
  format: 'jsonl' | 'sqlite';
  out?: string;
  concurrency?: number;
  report?: string;
  json?: boolean;
  progressInterval: number;
}

export function exportCommand(): Command {
  return connectionOptions(new Command('export'))
    .description('Bulk-export tickets, conversations and attachments to JSONL or SQLite, resumable')
    .option('--ids <ranges>', 'ticket numbers: 1-5000 or 7,9,12-20')
    .option('--ids-file <file>', 'a file of ticket ids, one per line (ranges allowed)')
    .option('--from <YYYY-MM-DD>', 'Kapture: the first day of tickets created (tenant zone), with --to')
    .option('--to <YYYY-MM-DD>', 'Kapture: the last day, inclusive (one K4 call per day and page)')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'sqlite']).default('jsonl'))
    .option(
      '--out <path>',
      'jsonl: a directory (tickets.jsonl, attachments/, state.jsonl; default deskwire-export); sqlite: the .db file (default deskwire-export.db), attachments/ beside it',
    )
    .option('--concurrency <n>', 'tickets in flight (default: the rate limit, at most 16)', positiveInt)
    .option('--report <file>', 'write {"counts","results":[{"id","status","error"}]} as JSON')
    .option('--progress-interval <ms>', 'ms between progress lines when stderr is not a terminal', positiveInt, 5000)
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Runs at the rate limit (--rate to change it); re-run the same command to resume after Ctrl-C or a crash:',
        'done and missing ids are skipped, failed ones retried. Exit code 6 when some tickets failed.',
        '',
        'Example:',
        '  deskwire export --ids 1-5000 --out ./backup --report ./backup/report.json',
        '  deskwire export --vendor kapture --from 2024-04-01 --to 2024-04-30 --format sqlite --out ./april/tickets.db',
        '',
      ].join('\n'),
    )
    .action(async (o: ExportFlags) => {
      const sources = [o.ids, o.idsFile, o.from ?? o.to].filter((x) => x !== undefined).length;
      if (sources !== 1) {
        throw new CliError('USAGE', 'give one of --ids RANGES, --ids-file FILE or --from DAY --to DAY', EXIT.usage);
      }
      let ids: string[] | undefined;
      let days: string[] | undefined;
      try {
        if (o.from !== undefined || o.to !== undefined) {
          if (o.from === undefined || o.to === undefined) throw new RangeError('give both --from and --to');
          days = daysBetween(o.from, o.to);
        } else ids = parseIdRanges(o.ids ?? (await readFile(o.idsFile as string, 'utf8')));
      } catch (error) {
        if (error instanceof RangeError) throw new CliError('USAGE', error.message, EXIT.usage);
        throw new CliError('IDS_FILE', `cannot read ${o.idsFile}: ${(error as Error).message}`, EXIT.usage);
      }
      const out = o.out ?? (o.format === 'sqlite' ? 'deskwire-export.db' : 'deskwire-export');
      const { tickets, connection, kapture } = await connect(o);
      let daySource: DaySource | undefined;
      if (days) {
        if (!kapture) {
          throw new CliError('USAGE', '--from/--to export Kapture tickets by date: use a Kapture profile', EXIT.usage);
        }
        daySource = kaptureDays(kapture, days);
      }
      const rateMax = connection.rate?.max ?? (connection.vendor === 'leadsquared' ? 25 : 5);
      const concurrency = o.concurrency ?? Math.min(16, Math.max(1, rateMax));

      const stop = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        process.stderr.write('\nStopping after the tickets in flight (Ctrl-C again to quit now; a re-run resumes)\n');
        stop.abort();
      };
      process.on('SIGINT', onSigint);

      const progress = makeProgress(o.progressInterval);
      const report = await withClientErrors(() =>
        runExport({
          tickets,
          ...(ids !== undefined && { ids }),
          ...(daySource !== undefined && { days: daySource }),
          ...(kapture !== undefined && { batchSize: KAP_BATCH }),
          format: o.format,
          out,
          concurrency,
          signal: stop.signal,
          onProgress: progress.update,
        }),
      );
      progress.finish(report.counts);
      process.off('SIGINT', onSigint);

      const { counts } = report;
      const seconds = report.elapsedMs / 1000;
      const summary = {
        ...counts,
        elapsedMs: report.elapsedMs,
        ticketsPerSecond: seconds > 0 ? (counts.done + counts.missing) / seconds : 0,
        interrupted: report.interrupted,
        out,
      };
      if (o.report) await writeFile(o.report, `${JSON.stringify(report, null, 2)}\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      process.stderr.write(
        `Exported ${count(counts.done, 'ticket')} (${count(counts.attachments, 'attachment')}), ${counts.missing} missing, ${counts.failed} failed, ${counts.skipped} already done, in ${seconds.toFixed(1)} s\n`,
      );
      if (counts.unlistedTicketFiles > 0) {
        process.stderr.write(
          `Incomplete: ${count(counts.unlistedTicketFiles, 'ticket')} may have files of ${counts.unlistedTicketFiles === 1 ? 'its' : 'their'} own that are not exported ("incomplete" on each record). ${UNLISTED_TICKET_FILES}\n`,
        );
      }
      if (report.error) throw new CliError('EXPORT', report.error);
      if (report.interrupted) process.exitCode = 130;
      else if (counts.failed > 0) process.exitCode = CLIENT_EXIT.partial;
    });
}

/** Kapture's batch size for K3 reads (ids per call). */
const KAP_BATCH = 50;
/** The K4 page size (the largest the vendor allows). */
const KAP_PAGE = 500;

/**
 * Lists a day's ticket ids with K4, one day per call (the vendor allows at most 24 hours), paged by
 * limit/offset until a short page. A day is over once its end in the tenant's zone has passed.
 */
export function kaptureDays(kapture: KaptureClient, days: string[]): DaySource {
  return {
    days,
    list: async (day, signal) => {
      const ids: string[] = [];
      const seen = new Set<string>();
      for (let offset = 0; ; offset += KAP_PAGE) {
        const page = await kapture.pullTickets({ start_date: day, end_date: day, limit: KAP_PAGE, offset }, { signal });
        for (const item of page.message) {
          const id = String(item.ticketId);
          if (!seen.has(id)) {
            seen.add(id);
            ids.push(id);
          }
        }
        const total = page.totalCount;
        if (page.message.length < KAP_PAGE || (total !== null && offset + KAP_PAGE >= total)) return ids;
      }
    },
    isOver: (day) => Date.parse(`${day}T00:00:00Z`) + 86_400_000 - kapture.utcOffsetMinutes * 60_000 <= Date.now(),
  };
}

/** A redrawn bar on a terminal; a plain line every `intervalMs` otherwise. Always on stderr. */
function makeProgress(intervalMs: number): { update: (c: ExportCounts) => void; finish: (c: ExportCounts) => void } {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let last = 0;
  let startDone = -1;
  const line = (c: ExportCounts) => {
    if (startDone < 0) startDone = 0;
    const finished = c.done + c.missing + c.failed;
    const left = c.total - c.skipped - finished;
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? finished / elapsed : 0;
    // No ETA until a ticket has finished (a rate of 0 would say "?"), none once nothing is left.
    const eta = rate > 0 && left > 0 ? `  ETA ${formatDuration(left / rate)}` : '';
    const ratio = c.total === 0 ? 1 : (c.skipped + finished) / c.total;
    const bar = tty ? `[${'#'.repeat(Math.round(ratio * 24)).padEnd(24, '.')}] ` : '';
    return `${bar}${c.skipped + finished}/${c.total} done ${c.done} missing ${c.missing} failed ${c.failed} skipped ${c.skipped}  ${rate.toFixed(1)}/s${eta}`;
  };
  return {
    update: (c) => {
      // The first call comes before any id is admitted (0/0): nothing worth a line yet.
      if (c.total === 0) return;
      const now = Date.now();
      if (tty) {
        if (now - last < 100) return;
        last = now;
        process.stderr.write(`\r${line(c)}\u001b[K`);
      } else if (now - last >= intervalMs) {
        last = now;
        process.stderr.write(`${line(c)}\n`);
      }
    },
    finish: (c) => {
      process.stderr.write(tty ? `\r${line(c)}\u001b[K\n` : `${line(c)}\n`);
    },
  };
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `1 ticket`, `2 tickets`, `0 tickets`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
