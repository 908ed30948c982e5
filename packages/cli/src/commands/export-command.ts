import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { type ExportCounts, parseIdRanges, runExport } from '../export/run-export.js';
import { positiveInt } from '../parse-options.js';
import { CLIENT_EXIT, connect, connectionOptions, withClientErrors } from '../profiles/connect.js';
import type { ConnectionFlags } from '../profiles/profiles.js';

interface ExportFlags extends ConnectionFlags {
  ids?: string;
  idsFile?: string;
  out: string;
  concurrency?: number;
  report?: string;
  json?: boolean;
  progressInterval: number;
}

export function exportCommand(): Command {
  return connectionOptions(new Command('export'))
    .description('Bulk-export tickets, conversations and attachments to JSONL, resumable')
    .option('--ids <ranges>', 'ticket numbers: 1-5000 or 7,9,12-20')
    .option('--ids-file <file>', 'a file of ticket ids, one per line (ranges allowed)')
    .option('--out <dir>', 'output directory: tickets.jsonl, attachments/, state.jsonl', 'deskwire-export')
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
        '',
      ].join('\n'),
    )
    .action(async (o: ExportFlags) => {
      if ((o.ids === undefined) === (o.idsFile === undefined)) {
        throw new CliError('USAGE', 'give one of --ids RANGES or --ids-file FILE', EXIT.usage);
      }
      let ids: string[];
      try {
        ids = parseIdRanges(o.ids ?? (await readFile(o.idsFile as string, 'utf8')));
      } catch (error) {
        if (error instanceof RangeError) throw new CliError('USAGE', error.message, EXIT.usage);
        throw new CliError('IDS_FILE', `cannot read ${o.idsFile}: ${(error as Error).message}`, EXIT.usage);
      }
      const { tickets, connection } = await connect(o);
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
          ids,
          out: o.out,
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
        out: o.out,
      };
      if (o.report) await writeFile(o.report, `${JSON.stringify(report, null, 2)}\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      process.stderr.write(
        `Exported ${counts.done} tickets (${counts.attachments} attachments), ${counts.missing} missing, ${counts.failed} failed, ${counts.skipped} already done, in ${seconds.toFixed(1)} s\n`,
      );
      if (report.error) throw new CliError('EXPORT', report.error);
      if (report.interrupted) process.exitCode = 130;
      else if (counts.failed > 0) process.exitCode = CLIENT_EXIT.partial;
    });
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
    const eta = rate > 0 ? formatDuration(left / rate) : '?';
    const ratio = c.total === 0 ? 1 : (c.skipped + finished) / c.total;
    const bar = tty ? `[${'#'.repeat(Math.round(ratio * 24)).padEnd(24, '.')}] ` : '';
    return `${bar}${c.skipped + finished}/${c.total} done ${c.done} missing ${c.missing} failed ${c.failed} skipped ${c.skipped}  ${rate.toFixed(1)}/s  ETA ${eta}`;
  };
  return {
    update: (c) => {
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
