import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { addActivity, type ConversationType, parseTicketRef, type StoredFile } from '@deskwire/server';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { contentTypeOf } from '../content-type.js';
import { withDeskwire } from '../data-dir.js';
import { collect, positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';

export function conversationCommand(): Command {
  const conversation = new Command('conversation').description(
    'Seed conversations on tickets (emails, portal messages)',
  );
  conversation
    .command('add')
    .description('Add a conversation, with attachments, to a ticket')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--ticket <id>', 'ticket number, #key or GUID')
    .addOption(
      new Option('--type <type>', 'conversation type')
        .choices(['InboundEmail', 'OutboundEmail', 'PortalInbound', 'PortalOutbound'])
        .makeOptionMandatory(),
    )
    .option('--html <file>', 'file with the HTML body')
    .option('--text <text>', 'plain-text body')
    .option('--attach <file>', 'attach a file (repeatable)', collect, [])
    .option('--created-by <guid>', 'CreatedBy (default: the ticket lead for inbound, an admin for outbound)')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"id","ticket"}')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire conversation add --org-id 22824 --ticket 143 --type InboundEmail --text "Any news?" --attach ./id.png\n',
    )
    .action(
      async (o: {
        orgId: number;
        ticket: string;
        type: ConversationType;
        html?: string;
        text?: string;
        attach: string[];
        createdBy?: string;
        dataDir?: string;
        json?: boolean;
      }) => {
        if (!o.html && !o.text)
          throw new CliError('USAGE', 'one of --html FILE or --text TEXT is required', EXIT.usage);
        const html = o.html ? await readFile(o.html, 'utf8') : null;
        const result = await withDeskwire(o.dataDir, async (d) => {
          const ref = parseTicketRef(o.ticket);
          const ticket = await d.storage.tickets.find(o.orgId, ref);
          const createdBy =
            o.createdBy ??
            (o.type.endsWith('Inbound') || o.type === 'InboundEmail' ? ticket?.leadId : ticket?.createdBy);
          const files: StoredFile[] = [];
          for (const path of o.attach) {
            const stored = await d.blobs.put(createReadStream(path));
            files.push({ fileName: basename(path), contentType: contentTypeOf(path), ...stored });
          }
          return addActivity(
            {
              orgId: o.orgId,
              ticket: ref,
              type: o.type,
              html,
              text: o.text ?? null,
              createdBy: createdBy ?? 'system',
              files,
            },
            d,
          );
        });
        printResult(o.json, { id: result.id, ticket: result.ticket.number }, [
          `Conversation ${result.id} added to ticket #${result.ticket.number}`,
        ]);
      },
    );
  return conversation;
}
