import { KAP_TOKEN_APIS, type KapTokenApi } from '@deskwire/wire';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import {
  type Profile,
  profilesPath,
  readProfiles,
  VENDORS,
  type VendorName,
  writeProfiles,
} from '../profiles/profiles.js';
import { promptSecret, readStdinLines } from '../profiles/secret-input.js';

export function profileCommand(): Command {
  const profile = new Command('profile').description(
    'Saved connections to a vendor or a Deskwire server (keys kept in a file only you can read)',
  );

  profile
    .command('add')
    .description('Add or replace a profile; keys are prompted for, or read from stdin when it is not a terminal')
    .argument('<name>', 'profile name')
    .addOption(new Option('--vendor <vendor>', 'vendor').choices(VENDORS).makeOptionMandatory())
    .requiredOption('--host <url>', 'API base URL (the tenant host, or a Deskwire server)')
    .option('--org-id <n>', 'LeadSquared org id (required for leadsquared)', positiveInt)
    .option('--no-use', 'do not make it the current profile')
    .addHelpText(
      'after',
      [
        '',
        'Stdin (when not a terminal): LeadSquared: the access key, then the secret key, one per line.',
        `Kapture: one token for every API, or lines API=TOKEN (${KAP_TOKEN_APIS.join(', ')}).`,
        '',
        'Example:',
        '  printf "%s\\n%s\\n" "$ACCESS" "$SECRET" | deskwire profile add acme --vendor leadsquared \\',
        '    --host https://apigw.service-in.leadsquared.com --org-id 22824',
        '',
      ].join('\n'),
    )
    .action(async (name: string, o: { vendor: VendorName; host: string; orgId?: number; use: boolean }) => {
      checkName(name);
      try {
        new URL(o.host);
      } catch {
        throw new CliError('USAGE', `--host '${o.host}' is not a URL`, EXIT.usage);
      }
      const entry: Profile = { vendor: o.vendor, host: o.host };
      if (o.vendor === 'leadsquared') {
        if (o.orgId === undefined) throw new CliError('USAGE', 'leadsquared profiles need --org-id', EXIT.usage);
        entry.orgId = o.orgId;
        const [accessKey, secretKey] = process.stdin.isTTY
          ? [await promptSecret('Access key: '), await promptSecret('Secret key: ')]
          : await readStdinLines();
        if (!accessKey || !secretKey) {
          throw new CliError('USAGE', 'expected the access key and the secret key (one per line on stdin)', EXIT.usage);
        }
        entry.accessKey = accessKey;
        entry.secretKey = secretKey;
      } else {
        const lines = process.stdin.isTTY ? [await promptSecret('Token (or API=TOKEN): ')] : await readStdinLines();
        if (lines.length === 0) throw new CliError('USAGE', 'expected a token on stdin', EXIT.usage);
        const tokens: Partial<Record<KapTokenApi, string>> = {};
        for (const line of lines) {
          const match = /^([A-Za-z]+)=(.+)$/.exec(line);
          const api = KAP_TOKEN_APIS.find((known) => known === match?.[1]);
          if (match && api) tokens[api] = match[2] as string;
          else if (lines.length === 1) entry.token = line;
          else throw new CliError('USAGE', `expected API=TOKEN lines (${KAP_TOKEN_APIS.join(', ')})`, EXIT.usage);
        }
        if (Object.keys(tokens).length > 0) entry.tokens = tokens;
      }
      const file = await readProfiles();
      file.profiles[name] = entry;
      if (o.use || file.current === null) file.current = name;
      await writeProfiles(file);
      process.stderr.write(
        `Profile '${name}' saved to ${profilesPath()}${file.current === name ? ' (current)' : ''}\n`,
      );
    });

  profile
    .command('list')
    .description('List profiles (never their keys)')
    .option('--json', 'print [{"name","vendor","host","orgId","current"}]')
    .addHelpText('after', '\nExample:\n  deskwire profile list --json\n')
    .action(async (o: { json?: boolean }) => {
      const file = await readProfiles();
      const rows = Object.entries(file.profiles).map(([name, p]) => ({
        name,
        vendor: p.vendor,
        host: p.host,
        orgId: p.orgId ?? null,
        current: file.current === name,
      }));
      printResult(
        o.json,
        rows,
        rows.length === 0
          ? ['No profiles (deskwire profile add NAME ...)']
          : rows.map(
              (r) => `${r.current ? '*' : ' '} ${r.name}  ${r.vendor}  ${r.host}${r.orgId ? `  org ${r.orgId}` : ''}`,
            ),
      );
    });

  profile
    .command('use')
    .description('Make a profile the current one')
    .argument('<name>', 'profile name')
    .addHelpText('after', '\nExample:\n  deskwire profile use acme\n')
    .action(async (name: string) => {
      const file = await readProfiles();
      if (!file.profiles[name]) throw new CliError('USAGE', `no profile named '${name}'`, EXIT.usage);
      file.current = name;
      await writeProfiles(file);
      process.stderr.write(`Now using '${name}'\n`);
    });

  profile
    .command('remove')
    .description('Delete a profile and its keys')
    .argument('<name>', 'profile name')
    .addHelpText('after', '\nExample:\n  deskwire profile remove acme\n')
    .action(async (name: string) => {
      const file = await readProfiles();
      if (!file.profiles[name]) throw new CliError('USAGE', `no profile named '${name}'`, EXIT.usage);
      delete file.profiles[name];
      if (file.current === name) file.current = null;
      await writeProfiles(file);
      process.stderr.write(`Removed '${name}'\n`);
    });

  return profile;
}

function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new CliError('USAGE', `profile name '${name}' must be letters, digits, '.', '_' or '-'`, EXIT.usage);
  }
}
