import type { FieldValue, NewTicket, Ticket, TicketPatch } from '@deskwire/client';
import { Command } from 'commander';
import { checkAttachFile } from '../attach-file.js';
import { CliError, EXIT } from '../cli-error.js';
import { collect } from '../parse-options.js';
import { CLIENT_EXIT, connect, connectionOptions, toCliError, withClientErrors } from '../profiles/connect.js';
import type { ConnectionFlags } from '../profiles/profiles.js';
import { fieldPair, type OutputFlags, printItems, ticketText } from './ticket-format.js';
import { addTicketListCommands } from './ticket-list-command.js';
import { addTicketReplyCommand } from './ticket-reply-command.js';

type Flags = ConnectionFlags & OutputFlags;

export function ticketCommand(): Command {
  const ticket = new Command('ticket').description('Read, create and change tickets (LeadSquared or Kapture)');

  connectionOptions(ticket.command('get'))
    .description('Show tickets by id (LeadSquared number, #key or GUID; Kapture ticket id)')
    .argument('<ids...>', 'ticket ids')
    .option('--json', 'print a JSON array of normalized tickets')
    .option('--jsonl', 'print one JSON ticket per line')
    .addHelpText('after', '\nExample:\n  deskwire ticket get 143 144 --json\n\nExit code 4 when any id is not found.\n')
    .action(async (ids: string[], o: Flags) => {
      const { tickets } = await connect(o);
      const found: Ticket[] = [];
      let missing = 0;
      for (const id of ids) {
        try {
          found.push(await tickets.getTicket(id));
        } catch (error) {
          const mapped = toCliError(error);
          if (!(mapped instanceof CliError) || mapped.exitCode !== CLIENT_EXIT.notFound) throw mapped;
          missing++;
          process.stderr.write(`deskwire: ticket ${id} not found\n`);
        }
      }
      printItems(o, found, (items) => items.map(ticketText).join('\n'));
      if (missing > 0) process.exitCode = CLIENT_EXIT.notFound;
    });

  connectionOptions(ticket.command('create'))
    .description('Create a ticket')
    .requiredOption('--title <text>', 'title')
    .option('--description <text>', 'description')
    .option('--status <value>', 'status (LeadSquared: a Status value such as Open)')
    .option('--priority <value>', 'priority')
    .option(
      '--field <name=value>',
      'another vendor field (LeadSquared SchemaName; Kapture request key), repeatable',
      fieldPair,
    )
    .option('--lead-email <email>', 'requester e-mail (LeadSquared lead / Kapture customer)')
    .option('--lead-phone <phone>', 'requester phone')
    .option('--lead-id <id>', 'requester id (LeadSquared lead GUID)')
    .option('--lead-name <name>', 'requester name')
    .option('--attach <file>', 'attach a file (LeadSquared only), repeatable', collect, [])
    .option('--json', 'print the TicketRef {"vendor","id","key","remoteId","raw"}')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire ticket create --title "Refund" --field Status=Open --lead-email wim@example.com --attach ./receipt.pdf\n',
    )
    .action(
      async (
        o: Flags & {
          title: string;
          description?: string;
          status?: string;
          priority?: string;
          field?: Record<string, FieldValue>;
          leadEmail?: string;
          leadPhone?: string;
          leadId?: string;
          leadName?: string;
          attach: string[];
        },
      ) => {
        for (const path of o.attach) await checkAttachFile(path);
        const { tickets } = await connect(o);
        const requester = {
          ...(o.leadEmail !== undefined && { email: o.leadEmail }),
          ...(o.leadPhone !== undefined && { phone: o.leadPhone }),
          ...(o.leadId !== undefined && { id: o.leadId }),
          ...(o.leadName !== undefined && { name: o.leadName }),
        };
        const input: NewTicket = {
          title: o.title,
          ...(o.description !== undefined && { description: o.description }),
          ...(o.status !== undefined && { status: o.status }),
          ...(o.priority !== undefined && { priority: o.priority }),
          ...(Object.keys(requester).length > 0 && { requester }),
          ...(o.field && { fields: o.field }),
          ...(o.attach.length > 0 && { files: o.attach }),
        };
        const ref = await withClientErrors(() => tickets.createTicket(input));
        if (o.json) process.stdout.write(`${JSON.stringify(ref)}\n`);
        else process.stdout.write(`Created ticket ${ref.key ?? ref.id}${ref.key ? ` (${ref.id})` : ''}\n`);
      },
    );

  connectionOptions(ticket.command('update'))
    .description('Change a ticket: only what is given changes')
    .argument('<id>', 'ticket id')
    .option('--title <text>', 'title (LeadSquared only)')
    .option('--description <text>', 'description (LeadSquared only)')
    .option('--status <value>', 'LeadSquared: a Status value ("On Hold"); Kapture: a sub-status key (CL)')
    .option('--priority <value>', 'priority (LeadSquared only)')
    .option('--field <name=value>', 'another vendor field, repeatable', fieldPair)
    .option('--attach <file>', 'attach a file (LeadSquared only), repeatable', collect, [])
    .option('--json', 'print the TicketRef')
    .addHelpText('after', '\nExample:\n  deskwire ticket update 143 --status "On Hold" --field Priority=High\n')
    .action(
      async (
        id: string,
        o: Flags & {
          title?: string;
          description?: string;
          status?: string;
          priority?: string;
          field?: Record<string, FieldValue>;
          attach: string[];
        },
      ) => {
        const patch: TicketPatch = {
          ...(o.title !== undefined && { title: o.title }),
          ...(o.description !== undefined && { description: o.description }),
          ...(o.status !== undefined && { status: o.status }),
          ...(o.priority !== undefined && { priority: o.priority }),
          ...(o.field && { fields: o.field }),
          ...(o.attach.length > 0 && { files: o.attach }),
        };
        if (Object.keys(patch).length === 0) {
          throw new CliError('USAGE', 'nothing to change: give --status, --field, --title, ...', EXIT.usage);
        }
        for (const path of o.attach) await checkAttachFile(path);
        const { tickets } = await connect(o);
        const ref = await withClientErrors(() => tickets.updateTicket(id, patch));
        if (o.json) process.stdout.write(`${JSON.stringify(ref)}\n`);
        else process.stdout.write(`Updated ticket ${ref.key ?? ref.id}\n`);
      },
    );

  addTicketReplyCommand(ticket);
  addTicketListCommands(ticket);
  return ticket;
}
