import type { Role } from '@deskwire/server';
import { Command, Option } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

export function keyCommand(): Command {
  const key = new Command('key').description('Issue and revoke API key pairs');
  key
    .command('create')
    .description('Issue a key pair to an existing user, or to a new user with the given role')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--user <guid>', 'existing user id')
    .addOption(new Option('--role <role>', 'role of the new user').choices(['Admin', 'Agent']).default('Agent'))
    .option('--name <name>', 'name of the new user')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"orgId","userId","role","accessKey","secretKey"}')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire key create --org-id 1001 --role Agent --name "Integration bot" --json\n',
    )
    .action(
      async (o: { orgId: number; user?: string; role: Role; name?: string; dataDir?: string; json?: boolean }) => {
        const { createApiKey } = await loadServer();
        const created = await withDeskwire(
          o.dataDir,
          (d) =>
            createApiKey(
              { orgId: o.orgId, ...(o.user ? { userId: o.user } : { role: o.role }), ...(o.name && { name: o.name }) },
              d,
            ),
          { orgId: o.orgId },
        );
        printResult(
          o.json,
          {
            orgId: o.orgId,
            userId: created.user.id,
            role: created.user.role,
            accessKey: created.accessKey,
            secretKey: created.secretKey,
          },
          [
            `Key issued to ${created.user.role} ${created.user.id} ("${created.user.name}")`,
            `X-LSQ-ACCESS-KEY:  ${created.accessKey}`,
            `X-LSQ-SECRET-KEY:  ${created.secretKey}`,
            'The secret key is shown once; Deskwire keeps only its hash.',
          ],
        );
      },
    );
  key
    .command('revoke')
    .description('Revoke a key pair: calls made with it are refused from then on')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--access-key <key>', 'the access key to revoke')
    .option('--data-dir <dir>', 'data directory')
    .addHelpText('after', '\nExample:\n  deskwire key revoke --org-id 1001 --access-key u$r0123...\n')
    .action(async (o: { orgId: number; accessKey: string; dataDir?: string }) => {
      const { revokeApiKey } = await loadServer();
      await withDeskwire(o.dataDir, (d) => revokeApiKey({ orgId: o.orgId, accessKey: o.accessKey }, d), {
        orgId: o.orgId,
      });
      process.stdout.write('Key revoked\n');
    });
  return key;
}
