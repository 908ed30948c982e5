import type { KaptureSettings, Queue, SubStatus } from '@deskwire/server';
import { Command, InvalidArgumentError } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { collect, positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

/** `KEY:Name:P|C:Status`, e.g. `CL:Closed:C:Closed`. */
function subStatus(value: string, previous: SubStatus[] = []): SubStatus[] {
  const parts = value.split(':');
  const [key, name, status, ticketStatus] = parts;
  if (parts.length !== 4 || !key || !name || (status !== 'P' && status !== 'C') || !ticketStatus) {
    throw new InvalidArgumentError(`'${value}' is not KEY:Name:P|C:Status, e.g. CL:Closed:C:Closed`);
  }
  return [...previous, { key, name, status, ticketStatus }];
}

/** `KEY:Name`, e.g. `L1:Level 1 Support`. */
function queue(value: string, previous: Queue[] = []): Queue[] {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`'${value}' is not KEY:Name, e.g. L1:Level 1`);
  return [...previous, { key: value.slice(0, at), name: value.slice(at + 1) }];
}

/** `+05:30` → 330, `-04:00` → -240. */
function utcOffset(value: string): number {
  const match = /^([+-])(\d{2}):([0-5]\d)$/.exec(value);
  const minutes = match ? Number(match[2]) * 60 + Number(match[3]) : Number.NaN;
  if (!match || minutes > 14 * 60) throw new InvalidArgumentError(`'${value}' is not an offset such as +05:30`);
  return match[1] === '-' ? -minutes : minutes;
}

function formatUtcOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function describe(s: KaptureSettings): string[] {
  return [
    `Ticket ids: ${s.ticketIdBase} + number; task ids: ${s.taskIdBase} + number; dates in UTC${formatUtcOffset(s.utcOffsetMinutes)}`,
    'Sub-statuses (key, name, Kapture status, Status):',
    ...s.subStatuses.map((x) => `  ${x.key.padEnd(6)} ${x.name} (${x.status}) -> ${x.ticketStatus}`),
    `Queues: ${s.queues.map((q) => `${q.key} (${q.name})`).join(', ') || 'none'}`,
    `Dispositions: ${s.dispositions.join(', ')}; new tickets: ${s.defaultDisposition || 'none'}`,
  ];
}

export function kaptureCommand(): Command {
  const kapture = new Command('kapture').description("A tenant's Kapture dialect configuration");
  kapture
    .command('config')
    .description('Show, or change and show, sub-statuses, queues, dispositions, id bases and time zone')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--sub-status <KEY:Name:P|C:Status>', 'a sub-status (repeatable; replaces the list)', subStatus)
    .option('--queue <KEY:Name>', 'a queue (repeatable; replaces the list)', queue)
    .option('--disposition <path>', 'a disposition such as Query|Billing (repeatable; replaces the list)', collect)
    .option('--default-disposition <path>', 'the disposition of new tickets')
    .option('--utc-offset <+HH:MM>', 'the zone of Kapture dates, e.g. +05:30', utcOffset)
    .option('--ticket-id-base <n>', 'ticketId = base + ticket number (renumbers every ticket)', positiveInt)
    .option('--task-id-base <n>', 'taskId = base + ticket number (renumbers every ticket)', (v) =>
      v === '0' ? 0 : positiveInt(v),
    )
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print the settings as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire kapture config --org-id 1001 --sub-status OP:Open:P:Open --sub-status CL:Closed:C:Closed --queue L1:Support\n',
    )
    .action(
      async (o: {
        orgId: number;
        subStatus?: SubStatus[];
        queue?: Queue[];
        disposition?: string[];
        defaultDisposition?: string;
        utcOffset?: number;
        ticketIdBase?: number;
        taskIdBase?: number;
        dataDir?: string;
        json?: boolean;
      }) => {
        const { getKaptureSettings, updateKaptureSettings } = await loadServer();
        const patch: Partial<KaptureSettings> = {
          ...(o.subStatus && { subStatuses: o.subStatus }),
          ...(o.queue && { queues: o.queue }),
          ...(o.disposition && { dispositions: o.disposition }),
          ...(o.defaultDisposition !== undefined && { defaultDisposition: o.defaultDisposition }),
          ...(o.utcOffset !== undefined && { utcOffsetMinutes: o.utcOffset }),
          ...(o.ticketIdBase !== undefined && { ticketIdBase: o.ticketIdBase }),
          ...(o.taskIdBase !== undefined && { taskIdBase: o.taskIdBase }),
        };
        const settings = await withDeskwire(
          o.dataDir,
          async (d) => {
            if (Object.keys(patch).length > 0) return updateKaptureSettings({ orgId: o.orgId, patch }, d);
            if (!(await d.storage.tenants.get(o.orgId))) throw new Error(`tenant ${o.orgId} does not exist`);
            return getKaptureSettings(o.orgId, d);
          },
          { orgId: o.orgId },
        );
        printResult(o.json, settings, describe(settings));
      },
    );
  return kapture;
}
