import { Command } from 'commander';
import { UNLISTED_TICKET_FILES } from '../export/run-export.js';
import { saveAttachment } from '../export/save-attachment.js';
import { CLIENT_EXIT, connect, connectionOptions, withClientErrors } from '../profiles/connect.js';
import type { ConnectionFlags } from '../profiles/profiles.js';
import { printItems } from './ticket-format.js';

export function attachmentCommand(): Command {
  const attachment = new Command('attachment').description('Ticket attachments');
  connectionOptions(attachment.command('download'))
    .description("Download a ticket's attachments (the ticket's own files and every conversation's), checked by size")
    .argument('<id>', 'ticket id')
    .option('--out <dir>', 'directory to write to (default: the current one)', '.')
    .option('--name <fileName>', 'only attachments with this file name')
    .option('--json', 'print [{"fileName","file","sha256","size"}]')
    .option('--jsonl', 'print one JSON object per file')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire attachment download 143 --out ./files\n\nAn existing file is never overwritten: "name (1).ext" is used instead. Exit code 4 when there is nothing to download.\n',
    )
    .action(
      async (id: string, o: ConnectionFlags & { out: string; name?: string; json?: boolean; jsonl?: boolean }) => {
        const { tickets } = await connect(o);
        let listed = true;
        const saved = await withClientErrors(async () => {
          const ticket = await tickets.getTicket(id);
          const conversations = await tickets.listConversations(ticket.id);
          listed = ticket.attachments !== null;
          const files = [...(ticket.attachments ?? []), ...conversations.flatMap((c) => c.attachments)].filter(
            (a) => o.name === undefined || a.fileName === o.name,
          );
          const results = [];
          for (const file of files)
            results.push(await saveAttachment(tickets, file, o.out, { contentAddressed: false }));
          return results;
        });
        printItems(o, saved, (items) =>
          items.length === 0
            ? `No attachments${listed ? '' : ` in the ticket's conversations. ${UNLISTED_TICKET_FILES}`}\n`
            : items.map((s) => `${s.file}  ${s.size} bytes  sha256:${s.sha256}\n`).join(''),
        );
        if (!listed && saved.length > 0 && !o.json && !o.jsonl)
          process.stderr.write(`Note: ${UNLISTED_TICKET_FILES}\n`);
        if (saved.length === 0) process.exitCode = CLIENT_EXIT.notFound;
      },
    );
  return attachment;
}
