import { DeskwireClient, type TicketListFilters } from '@deskwire/client';
import { type Command, Option } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { connectionOptions, withClientErrors } from '../profiles/connect.js';
import { type ConnectionFlags, resolveConnection } from '../profiles/profiles.js';

interface ListFlags extends ConnectionFlags {
  status?: string;
  priority?: string;
  assignee?: string;
  channel?: string;
  type?: string;
  subType?: string;
  tags?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  mine?: boolean;
  unassigned?: boolean;
  trashed?: boolean;
  sort?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
}

/**
 * `deskwire ticket list` and `deskwire ticket search` (docs/cli.md): Deskwire's own /api/v1 lists and
 * full-text search through the SDK's DeskwireClient, with a LeadSquared key pair of a Deskwire server.
 * A table by default (with the next page's cursor), or the page as JSON.
 */
export function addTicketListCommands(ticket: Command): void {
  filters(connectionOptions(ticket.command('list')))
    .description('List tickets of a Deskwire server (/api/v1): filters, sort, one page at a time')
    .addOption(
      new Option('--sort <key>', 'sort order').choices([
        '-updated',
        'updated',
        '-created',
        'created',
        '-number',
        'number',
        '-priority',
        'priority',
      ]),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  deskwire ticket list --status Open --unassigned\n  deskwire ticket list --mine --sort -updated --json\n',
    )
    .action(async (o: ListFlags) => {
      const desk = await deskwireClient(o);
      const page = await withClientErrors(() => desk.listTickets(listFilters(o)));
      print(o, page);
    });

  filters(connectionOptions(ticket.command('search')))
    .description('Full-text search of a Deskwire server (/api/v1): ranked, with highlighted snippets')
    .argument('<query...>', 'words, "quoted phrases", word* prefixes; or a ticket number, #key, GUID, email, phone')
    .addHelpText(
      'after',
      '\nExamples:\n  deskwire ticket search projector 5521\n  deskwire ticket search "#143" --json\n',
    )
    .action(async (words: string[], o: ListFlags) => {
      const desk = await deskwireClient(o);
      const page = await withClientErrors(() => desk.searchTickets(words.join(' '), listFilters(o)));
      print(o, page);
    });
}

function filters(command: Command): Command {
  return command
    .option('--status <values>', 'Status value(s), comma-separated')
    .option('--priority <values>', 'Priority value(s)')
    .option('--assignee <ids>', 'assignee user id(s)')
    .option('--channel <values>', 'Channel value(s)')
    .option('--type <values>', 'Type value(s)')
    .option('--sub-type <values>', 'SubType value(s)')
    .option('--tags <tags>', 'tickets carrying every one of these tags')
    .option('--created-from <iso>', 'created at or after (ISO 8601 with zone)')
    .option('--created-to <iso>', 'created before')
    .option('--updated-from <iso>', 'updated at or after')
    .option('--updated-to <iso>', 'updated before')
    .option('--mine', 'assigned to me (the key owner)')
    .option('--unassigned', 'without an assignee')
    .option('--trashed', 'the trash instead of live tickets')
    .option('--limit <n>', 'page size, 1 to 100 (default 25)')
    .option('--cursor <cursor>', 'the nextCursor of the previous page')
    .option('--json', 'print the page {"tickets":[…],"nextCursor"}');
}

function listFilters(o: ListFlags): TicketListFilters & { cursor?: string } {
  const entries: Array<[string, string | undefined]> = [
    ['status', o.status],
    ['priority', o.priority],
    ['assignee', o.assignee],
    ['channel', o.channel],
    ['type', o.type],
    ['subType', o.subType],
    ['tags', o.tags],
    ['createdFrom', o.createdFrom],
    ['createdTo', o.createdTo],
    ['updatedFrom', o.updatedFrom],
    ['updatedTo', o.updatedTo],
    ['mine', o.mine ? 'true' : undefined],
    ['unassigned', o.unassigned ? 'true' : undefined],
    ['trashed', o.trashed ? 'true' : undefined],
    ['sort', o.sort],
    ['limit', o.limit],
    ['cursor', o.cursor],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as TicketListFilters & { cursor?: string };
}

async function deskwireClient(o: ListFlags): Promise<DeskwireClient> {
  const c = await resolveConnection(o);
  if (c.vendor !== 'leadsquared' || c.orgId === undefined || !c.accessKey || !c.secretKey) {
    throw new CliError(
      'USAGE',
      'ticket list and search need a LeadSquared connection to a Deskwire server (org id and keys)',
      EXIT.usage,
    );
  }
  try {
    return new DeskwireClient({
      host: c.host,
      orgId: c.orgId,
      accessKey: c.accessKey,
      secretKey: c.secretKey,
      ...(c.rate && { rateLimit: c.rate }),
    });
  } catch (error) {
    throw new CliError('USAGE', (error as Error).message, EXIT.usage);
  }
}

type Page = Awaited<ReturnType<DeskwireClient['listTickets']>>;

function print(o: ListFlags, page: Page): void {
  if (o.json) {
    process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    return;
  }
  const rows = page.tickets.map((t) => [
    t.key,
    t.status ?? '',
    t.priority ?? '',
    t.updatedAt.slice(0, 16).replace('T', ' '),
    t.title ?? '',
  ]);
  const header = ['KEY', 'STATUS', 'PRIORITY', 'UPDATED', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const t of page.tickets) {
    if (t.snippet)
      out.push(
        `  ${t.key}: ${t.snippet.replace(/<\/?mark>/g, '*').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))}`,
      );
  }
  if (page.tickets.length === 0) out.push('(no tickets)');
  if (page.nextCursor) out.push(`More: --cursor ${page.nextCursor}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
