import type { ConversationKind } from '@deskwire/client';
import { Command, Option } from 'commander';
import { connect, connectionOptions, withClientErrors } from '../profiles/connect.js';
import type { ConnectionFlags } from '../profiles/profiles.js';
import { type OutputFlags, printItems, threadText } from './ticket-format.js';

const KINDS: readonly ConversationKind[] = ['email-in', 'email-out', 'portal-in', 'portal-out', 'note', 'chat'];

export function conversationsCommand(): Command {
  return connectionOptions(new Command('conversations'))
    .description("Show a ticket's conversations, oldest first (a thread view, or JSON)")
    .argument('<id>', 'ticket id')
    .addOption(new Option('--type <kind...>', 'only these kinds').choices(KINDS))
    .option('--json', 'print a JSON array of normalized conversations')
    .option('--jsonl', 'print one JSON conversation per line')
    .addHelpText('after', '\nExample:\n  deskwire conversations 143 --type email-in email-out\n')
    .action(async (id: string, o: ConnectionFlags & OutputFlags & { type?: ConversationKind[] }) => {
      const { tickets } = await connect(o);
      const all = await withClientErrors(() => tickets.listConversations(id));
      const kinds = o.type;
      const shown = kinds ? all.filter((c) => kinds.includes(c.kind)) : all;
      printItems(o, shown, threadText);
    });
}
