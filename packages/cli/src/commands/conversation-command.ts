import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ConversationType, Deskwire, StoredFile } from '@deskwire/server';
import { Command, Option } from 'commander';
import { checkAttachFile } from '../attach-file.js';
import { CliError, EXIT } from '../cli-error.js';
import { contentTypeOf } from '../content-type.js';
import { withDeskwire } from '../data-dir.js';
import { collect, positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

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
        const { addActivity, conversationAuthor, parseTicketRef } = await loadServer();
        if (!o.html && !o.text)
          throw new CliError('USAGE', 'one of --html FILE or --text TEXT is required', EXIT.usage);
        const html = o.html ? await readFile(o.html, 'utf8') : null;
        for (const path of o.attach) await checkAttachFile(path);
        const result = await withDeskwire(
          o.dataDir,
          async (d) => {
            const ref = parseTicketRef(o.ticket);
            const ticket = await d.storage.tickets.find(o.orgId, ref);
            // Without a live ticket addActivity answers TicketNotFound; the author is then moot.
            const createdBy = o.createdBy ?? (ticket ? conversationAuthor(o.type, ticket) : 'system');
            const files: StoredFile[] = [];
            try {
              for (const path of o.attach) {
                // Opened before the store sees it, so an unreadable file is a rejected promise and not
                // an 'error' event nobody listens to yet.
                const handle = await open(path, 'r');
                const stored = await d.blobs.put(handle.createReadStream());
                files.push({ fileName: basename(path), contentType: contentTypeOf(path), ...stored });
              }
            } catch (error) {
              await discardStored(files, d);
              throw new CliError('ATTACH', `cannot attach a file: ${(error as Error).message}`);
            }
            return addActivity(
              {
                orgId: o.orgId,
                ticket: ref,
                type: o.type,
                html,
                text: o.text ?? null,
                createdBy,
                files,
              },
              d,
            );
          },
          { orgId: o.orgId },
        );
        printResult(o.json, { id: result.id, ticket: result.ticket.number }, [
          `Conversation ${result.id} added to ticket #${result.ticket.number}`,
        ]);
      },
    );
  return conversation;
}

/** Removes blobs this command had just stored when a later file fails (as the server does for uploads). */
async function discardStored(files: readonly StoredFile[], d: Deskwire): Promise<void> {
  for (const file of files) {
    if (!file.created) continue;
    try {
      if (!(await d.storage.activities.isBlobReferenced(file.sha256))) await d.blobs.delete(file.sha256);
    } catch {
      // Best effort: a leftover blob is harmless.
    }
  }
}
