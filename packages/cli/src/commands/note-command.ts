import { text } from 'node:stream/consumers';
import { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { connect, connectionOptions, withClientErrors } from '../profiles/connect.js';
import type { ConnectionFlags } from '../profiles/profiles.js';

export function noteCommand(): Command {
  const note = new Command('note').description('Internal notes on tickets');
  connectionOptions(note.command('add'))
    .description('Add an internal note (TEXT, or - to read it from stdin)')
    .argument('<id>', 'ticket id')
    .argument('<text>', 'the note, or - for stdin')
    .option('--json', 'print {"vendor","ticketId","noteId"}')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire note add 143 "Called the customer"\n  git log -1 --format=%B | deskwire note add 143 -\n',
    )
    .action(async (id: string, body: string, o: ConnectionFlags & { json?: boolean }) => {
      const noteText = body === '-' ? (await text(process.stdin)).trim() : body;
      if (noteText === '') throw new CliError('USAGE', 'the note is empty', EXIT.usage);
      const { tickets } = await connect(o);
      const receipt = await withClientErrors(() => tickets.addNote(id, noteText));
      if (o.json) {
        const { vendor, ticketId, noteId } = receipt;
        process.stdout.write(`${JSON.stringify({ vendor, ticketId, noteId })}\n`);
      } else process.stdout.write(`Note added to ticket ${receipt.ticketId}\n`);
    });
  return note;
}
