import { Command } from 'commander';
import { saveAttachment } from '../export/save-attachment.js';
import { CLIENT_EXIT, connect, connectionOptions, withClientErrors } from '../profiles/connect.js';
import type { ConnectionFlags } from '../profiles/profiles.js';
import { printItems } from './ticket-format.js';

export function attachmentCommand(): Command {
  const attachment = new Command('attachment').description('Ticket attachments');
  connectionOptions(attachment.command('download'))
    .description("Download a ticket's attachments (every conversation's files), checked by size")
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
        const saved = await withClientErrors(async () => {
          const conversations = await tickets.listConversations(id);
          const files = conversations
            .flatMap((c) => c.attachments)
            .filter((a) => o.name === undefined || a.fileName === o.name);
          const results = [];
          for (const file of files)
            results.push(await saveAttachment(tickets, file, o.out, { contentAddressed: false }));
          return results;
        });
        printItems(o, saved, (items) =>
          items.length === 0
            ? 'No attachments\n'
            : items.map((s) => `${s.file}  ${s.size} bytes  sha256:${s.sha256}\n`).join(''),
        );
        if (saved.length === 0) process.exitCode = CLIENT_EXIT.notFound;
      },
    );
  return attachment;
}
