#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './cli-error.js';
import { attachmentCommand } from './commands/attachment-command.js';
import { blobsCommand } from './commands/blobs-command.js';
import { completionCommand } from './commands/completion-command.js';
import { conversationCommand } from './commands/conversation-command.js';
import { conversationsCommand } from './commands/conversations-command.js';
import { eventsCommand } from './commands/events-command.js';
import { exportCommand } from './commands/export-command.js';
import { fieldCommand } from './commands/field-command.js';
import { kaptureCommand } from './commands/kapture-command.js';
import { keyCommand } from './commands/key-command.js';
import { lookupsCommand } from './commands/lookups-command.js';
import { mailboxCommand } from './commands/mailbox-command.js';
import { mcpCommand } from './commands/mcp-command.js';
import { migrateCommand } from './commands/migrate-command.js';
import { noteCommand } from './commands/note-command.js';
import { profileCommand } from './commands/profile-command.js';
import { serveCommand } from './commands/serve-command.js';
import { tenantCommand } from './commands/tenant-command.js';
import { ticketCommand } from './commands/ticket-command.js';
import { tokenCommand } from './commands/token-command.js';
import { userCommand } from './commands/user-command.js';
import { webhookCommand } from './commands/webhook-command.js';

const program = new Command('deskwire')
  .description('Deskwire: a LeadSquared Service CRM compatible ticket server, and its admin tools')
  .version('0.1.0')
  .exitOverride()
  .showHelpAfterError()
  .option('--profile <name>', 'connection profile of the vendor commands, before or after the subcommand')
  .addCommand(serveCommand())
  .addCommand(migrateCommand())
  .addCommand(blobsCommand())
  .addCommand(tenantCommand())
  .addCommand(keyCommand())
  .addCommand(userCommand())
  .addCommand(lookupsCommand())
  .addCommand(fieldCommand())
  .addCommand(conversationCommand())
  .addCommand(tokenCommand())
  .addCommand(webhookCommand())
  .addCommand(eventsCommand())
  .addCommand(mailboxCommand())
  .addCommand(kaptureCommand())
  .addCommand(profileCommand())
  .addCommand(ticketCommand())
  .addCommand(noteCommand())
  .addCommand(conversationsCommand())
  .addCommand(attachmentCommand())
  .addCommand(exportCommand())
  .addCommand(mcpCommand())
  .addCommand(completionCommand(() => program));

// `deskwire --profile kap ticket get 5`: the root's --profile is handed to the command that runs, unless that
// command was given its own; a command without connection options refuses it rather than ignore it.
program.hook('preAction', (root, action) => {
  const profile = root.getOptionValue('profile') as string | undefined;
  if (profile === undefined || action === root) return;
  if (!action.options.some((option) => option.long === '--profile')) {
    throw new CliError(
      'USAGE',
      `--profile is for the vendor commands; '${action.name()}' does not take it`,
      EXIT.usage,
    );
  }
  if (action.getOptionValue('profile') === undefined) action.setOptionValue('profile', profile);
});

for (const command of program.commands) {
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof CliError) {
    process.stderr.write(`deskwire: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (isServerError(error)) {
    process.stderr.write(`deskwire: ${error.message}\n`);
    process.exitCode = EXIT.failure;
  } else {
    process.stderr.write(`deskwire: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.failure;
  }
}

/**
 * An `ApiError` of the server package, recognised by shape: importing the package just for
 * `instanceof` would load the whole server on every command (see server-module.ts).
 */
function isServerError(error: unknown): error is Error & { code: string; statusCode: number } {
  return error instanceof Error && error.name === 'ApiError' && 'statusCode' in error;
}
