import { KAP_TOKEN_APIS, type KapTokenApi } from '@deskwire/wire';
import { Command, InvalidArgumentError, Option } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

/**
 * `--expires`: `YYYY-MM-DD` (the token works through that day, UTC) or an ISO 8601 date-time with a
 * zone (`2025-06-30T18:00:00+05:30`).
 */
export function expiryDate(value: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const start = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) {
      throw new InvalidArgumentError(`'${value}' is not a date`);
    }
    return new Date(start.getTime() + 24 * 60 * 60 * 1000);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new InvalidArgumentError(`'${value}' is not YYYY-MM-DD or an ISO date-time with a zone`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`'${value}' is not a date-time`);
  return date;
}

export function tokenCommand(): Command {
  const token = new Command('token').description(
    'Issue, list and revoke Kapture API tokens (Authorization: Basic <token>), one per tenant and API',
  );
  token
    .command('create')
    .description(
      'Issue a token for one API: get (K3), add (K1), update (K2), pull (K4), addCustomer (K5) or getCustomer (K6)',
    )
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .addOption(new Option('--api <api>', 'the API the token is for').choices(KAP_TOKEN_APIS).makeOptionMandatory())
    .option('--expires <date>', 'last day (YYYY-MM-DD, UTC) or instant (ISO 8601) the token works', expiryDate)
    .option('--user <guid>', 'the user the token acts as (default: the tenant\'s "Kapture API" user)')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"orgId","tokenId","api","token","userId","expiresAt"}')
    .addHelpText('after', '\nExample:\n  deskwire token create --org-id 22824 --api get --expires 2026-12-31 --json\n')
    .action(
      async (o: {
        orgId: number;
        api: KapTokenApi;
        expires?: Date;
        user?: string;
        dataDir?: string;
        json?: boolean;
      }) => {
        const { createApiToken } = await loadServer();
        const issued = await withDeskwire(
          o.dataDir,
          (d) =>
            createApiToken(
              {
                orgId: o.orgId,
                api: o.api,
                ...(o.expires && { expiresAt: o.expires }),
                ...(o.user && { userId: o.user }),
              },
              d,
            ),
          { orgId: o.orgId },
        );
        const { record } = issued;
        printResult(
          o.json,
          {
            orgId: record.orgId,
            tokenId: record.id,
            api: record.api,
            token: issued.token,
            userId: record.userId,
            expiresAt: record.expiresAt?.toISOString() ?? null,
          },
          [
            `Token ${record.id} issued for the ${record.api} API of tenant ${record.orgId}, acting as "${issued.user.name}" (${issued.user.id})`,
            `Expires: ${record.expiresAt?.toISOString() ?? 'never'}`,
            `Authorization: Basic ${issued.token}`,
            'The token is shown once; Deskwire keeps only the hash of its secret.',
          ],
        );
      },
    );
  token
    .command('list')
    .description("List a tenant's tokens (ids, APIs, expiry and revocation; never the tokens themselves)")
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print the tokens as a JSON array')
    .action(async (o: { orgId: number; dataDir?: string; json?: boolean }) => {
      const { listApiTokens } = await loadServer();
      const tokens = await withDeskwire(o.dataDir, (d) => listApiTokens({ orgId: o.orgId }, d), { orgId: o.orgId });
      printResult(
        o.json,
        tokens.map((t) => ({
          tokenId: t.id,
          api: t.api,
          userId: t.userId,
          createdAt: t.createdAt.toISOString(),
          expiresAt: t.expiresAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        })),
        tokens.length === 0
          ? [`Tenant ${o.orgId} has no tokens`]
          : tokens.map(
              (t) =>
                `${t.id}  ${t.api.padEnd(6)}  expires ${t.expiresAt?.toISOString() ?? 'never'}${t.revokedAt ? `  revoked ${t.revokedAt.toISOString()}` : ''}`,
            ),
      );
    });
  token
    .command('revoke')
    .description('Revoke a token: calls made with it get "Invalid Auth Key" from then on')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--token-id <id>', 'the token id (printed by create and list)')
    .option('--data-dir <dir>', 'data directory')
    .addHelpText('after', '\nExample:\n  deskwire token revoke --org-id 22824 --token-id 0123456789abcdef\n')
    .action(async (o: { orgId: number; tokenId: string; dataDir?: string }) => {
      const { revokeApiToken } = await loadServer();
      await withDeskwire(o.dataDir, (d) => revokeApiToken({ orgId: o.orgId, tokenId: o.tokenId }, d), {
        orgId: o.orgId,
      });
      process.stdout.write('Token revoked\n');
    });
  return token;
}
