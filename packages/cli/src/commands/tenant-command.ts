import { Command } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { bool, positiveInt, rateLimit } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

export function tenantCommand(): Command {
  const tenant = new Command('tenant').description('Create and configure tenants (accounts)');
  tenant
    .command('create')
    .description("Create a tenant with default fields and lookups, an Admin user and that user's key pair")
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--name <name>', 'account name')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"orgId","accessKey","secretKey"}')
    .addHelpText('after', '\nExample:\n  deskwire tenant create --org-id 1001 --name "Acme Support" --json\n')
    .action(async (o: { orgId: number; name: string; dataDir?: string; json?: boolean }) => {
      const { createTenant } = await loadServer();
      const created = await withDeskwire(o.dataDir, (d) => createTenant({ orgId: o.orgId, name: o.name }, d), {
        create: true,
      });
      printResult(o.json, { orgId: created.tenant.orgId, accessKey: created.accessKey, secretKey: created.secretKey }, [
        `Tenant ${created.tenant.orgId} "${created.tenant.name}" created`,
        `Admin user:        ${created.admin.id}`,
        `X-LSQ-ACCESS-KEY:  ${created.accessKey}`,
        `X-LSQ-SECRET-KEY:  ${created.secretKey}`,
        'The secret key is shown once; Deskwire keeps only its hash.',
      ]);
    });
  tenant
    .command('list')
    .description('List the tenants of a store: org id, name, API switch, IP allowlist and rate limit')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print [{"orgId","name","apiEnabled","ipAllowlist","rateLimit","createdAt"}]')
    .addHelpText('after', '\nExample:\n  deskwire tenant list --data-dir ./.deskwire\n')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      const tenants = await withDeskwire(o.dataDir, (d) => d.storage.tenants.list());
      printResult(
        o.json,
        tenants.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
        tenants.length === 0
          ? ['No tenants (create one with `deskwire tenant create`)']
          : tenants.map(
              (t) =>
                `${t.orgId}  "${t.name}"  API ${t.apiEnabled ? 'enabled' : 'disabled'}  ` +
                `allowlist ${t.ipAllowlist?.join(',') ?? 'none'}  ${t.rateLimit.max} calls per ${t.rateLimit.windowMs} ms`,
            ),
      );
    });
  tenant
    .command('update')
    .description('Change the API switch, IP allowlist, rate limit or name of a tenant')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--name <name>', 'account name')
    .option('--api-enabled <bool>', 'the "Enable API" switch', bool)
    .option('--ip-allowlist <cidrs>', 'comma-separated CIDRs, or "none" to allow every address')
    .option('--rate-limit <max/window>', 'calls per window per access key, e.g. 25/5s', rateLimit)
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print the tenant as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire tenant update --org-id 1001 --ip-allowlist 10.0.0.0/8,127.0.0.1 --rate-limit 50/5s\n',
    )
    .action(
      async (o: {
        orgId: number;
        name?: string;
        apiEnabled?: boolean;
        ipAllowlist?: string;
        rateLimit?: { max: number; windowMs: number };
        dataDir?: string;
        json?: boolean;
      }) => {
        const { updateTenant } = await loadServer();
        const allowlist =
          o.ipAllowlist === undefined ? undefined : o.ipAllowlist === 'none' ? null : o.ipAllowlist.split(',');
        const updated = await withDeskwire(
          o.dataDir,
          (d) =>
            updateTenant(
              {
                orgId: o.orgId,
                patch: {
                  ...(o.name !== undefined && { name: o.name }),
                  ...(o.apiEnabled !== undefined && { apiEnabled: o.apiEnabled }),
                  ...(allowlist !== undefined && { ipAllowlist: allowlist }),
                  ...(o.rateLimit && { rateLimit: o.rateLimit }),
                },
              },
              d,
            ),
          { orgId: o.orgId },
        );
        printResult(o.json, updated, [
          `Tenant ${updated.orgId} "${updated.name}": API ${updated.apiEnabled ? 'enabled' : 'disabled'}, ` +
            `allowlist ${updated.ipAllowlist?.join(',') ?? 'none'}, ${updated.rateLimit.max} calls per ${updated.rateLimit.windowMs} ms`,
        ]);
      },
    );
  tenant
    .command('reset')
    .description(
      "Delete a tenant's tickets, leads, conversations, files and history and restore its default configuration; users and keys stay",
    )
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--keep-config', 'keep custom fields, lookup values, ticket types and dialect settings as they are')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print what was deleted as JSON')
    .addHelpText('after', '\nExample:\n  deskwire tenant reset --org-id 1001\n')
    .action(async (o: { orgId: number; keepConfig?: boolean; dataDir?: string; json?: boolean }) => {
      const { resetTenant } = await loadServer();
      const result = await withDeskwire(
        o.dataDir,
        (d) => resetTenant({ orgId: o.orgId, ...(o.keepConfig && { keepConfig: true }) }, d),
        { orgId: o.orgId },
      );
      printResult(o.json, result, [
        `Tenant ${result.orgId} reset: ${result.tickets} tickets, ${result.leads} leads, ` +
          `${result.activities} conversations and notes, ${result.attachments} attachments deleted`,
        `Configuration ${o.keepConfig ? 'kept' : 'restored to the defaults'}; users and keys kept.`,
      ]);
    });
  return tenant;
}
