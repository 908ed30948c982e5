import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { withDeskwire } from '../data-dir.js';
import { positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

interface OrgFlags {
  orgId: number;
  dataDir?: string;
  database?: string;
  json?: boolean;
}

/** `deskwire mailbox`: a tenant's inbound addresses and reply settings (docs/email.md). */
export function mailboxCommand(): Command {
  const mailbox = new Command('mailbox').description("Inbound email addresses and a tenant's email settings");
  mailbox
    .command('add')
    .description("Route mail for an address to a tenant: it opens and continues that tenant's tickets")
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--address <email>', 'the inbound address, e.g. support@acme.example')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"orgId","address"}')
    .addHelpText('after', '\nExample:\n  deskwire mailbox add --org-id 22824 --address support@acme.example\n')
    .action(async (o: OrgFlags & { address: string }) => {
      const { addMailbox } = await loadServer();
      const added = await withDeskwire(o.dataDir, (d) => addMailbox({ orgId: o.orgId, address: o.address }, d));
      printResult(o.json, added, [`Mail to ${added.address} now opens tickets of tenant ${added.orgId}`]);
    });
  mailbox
    .command('list')
    .description("A tenant's inbound addresses and its email settings (secrets left out)")
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"orgId","addresses","settings"}')
    .action(async (o: OrgFlags) => {
      const { listMailboxes, redactEmailSettings } = await loadServer();
      const result = await withDeskwire(o.dataDir, async (d) => ({
        orgId: o.orgId,
        addresses: await listMailboxes(o.orgId, d),
        settings: redactEmailSettings(await d.storage.email.getSettings(o.orgId)),
      }));
      printResult(o.json, result, [
        ...(result.addresses.length > 0 ? result.addresses : ['(no inbound addresses)']),
        `relay: ${String(result.settings.relayUrl ?? '(none)')}  from: ${String(result.settings.fromAddress ?? '(first address)')}  reopen rule: ${String(result.settings.reopenRule)}`,
      ]);
    });
  mailbox
    .command('remove')
    .description('Stop routing an address to the tenant (mail to it is then refused with 550)')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--address <email>', 'the inbound address')
    .option('--data-dir <dir>', 'data directory')
    .action(async (o: OrgFlags & { address: string }) => {
      const { removeMailbox } = await loadServer();
      await withDeskwire(o.dataDir, (d) => removeMailbox({ orgId: o.orgId, address: o.address }, d));
      process.stdout.write(`Removed ${o.address.trim().toLowerCase()}\n`);
    });
  mailbox
    .command('settings')
    .description("Change a tenant's reply relay, From address, reopen rule or DKIM key")
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--relay-url <url>', 'relay for replies, smtp://user:pass@host:587 or smtps://… ("" clears)')
    .option('--from <email>', 'From address of replies (default: the first inbound address)')
    .addOption(
      new Option('--reopen-rule <rule>', 'a reply to a Resolved/Closed ticket').choices(['reopen', 'new-ticket']),
    )
    .option('--dkim-domain <domain>', 'DKIM: signing domain (with --dkim-selector and --dkim-key-file)')
    .option('--dkim-selector <selector>', 'DKIM: selector (the DNS record is <selector>._domainkey.<domain>)')
    .option('--dkim-key-file <file>', 'DKIM: PEM private key file')
    .option('--imap-url <url>', 'poll a mailbox elsewhere: imaps://user:password@imap.example.com/INBOX ("" clears)')
    .addOption(
      new Option('--imap-processed <mode>', 'what happens to stored IMAP mail: a $Deskwire keyword, or a move')
        .choices(['flag', 'move'])
        .default('flag'),
    )
    .option('--imap-move-to <folder>', 'folder processed IMAP mail moves to (with --imap-processed move)')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print the settings (secrets left out)')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire mailbox settings --org-id 22824 --relay-url smtp://mailer:secret@smtp.acme.example:587 --from support@acme.example\n',
    )
    .action(
      async (
        o: OrgFlags & {
          relayUrl?: string;
          from?: string;
          reopenRule?: 'reopen' | 'new-ticket';
          dkimDomain?: string;
          dkimSelector?: string;
          dkimKeyFile?: string;
          imapUrl?: string;
          imapProcessed: 'flag' | 'move';
          imapMoveTo?: string;
        },
      ) => {
        const { updateEmailSettings, redactEmailSettings } = await loadServer();
        const dkimParts = [o.dkimDomain, o.dkimSelector, o.dkimKeyFile].filter((v) => v !== undefined).length;
        if (dkimParts !== 0 && dkimParts !== 3) {
          throw new CliError(
            'USAGE',
            'DKIM needs --dkim-domain, --dkim-selector and --dkim-key-file together',
            EXIT.usage,
          );
        }
        const patch = {
          ...(o.relayUrl !== undefined && { relayUrl: o.relayUrl === '' ? null : o.relayUrl }),
          ...(o.from !== undefined && { fromAddress: o.from }),
          ...(o.reopenRule !== undefined && { reopenRule: o.reopenRule }),
          ...(o.imapUrl !== undefined && {
            imap:
              o.imapUrl === '' ? null : { url: o.imapUrl, processed: o.imapProcessed, moveTo: o.imapMoveTo ?? null },
          }),
          ...(o.dkimDomain !== undefined &&
            o.dkimSelector !== undefined &&
            o.dkimKeyFile !== undefined && {
              dkim: { domainName: o.dkimDomain, keySelector: o.dkimSelector, privateKey: readKey(o.dkimKeyFile) },
            }),
        };
        const settings = await withDeskwire(o.dataDir, (d) => updateEmailSettings({ orgId: o.orgId, patch }, d));
        const shown = redactEmailSettings(settings);
        printResult(o.json, shown, [`Email settings of tenant ${o.orgId} updated`]);
      },
    );
  return mailbox;
}

function readKey(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError('USAGE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, EXIT.usage);
  }
}
