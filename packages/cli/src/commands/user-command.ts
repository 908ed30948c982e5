import type { Role } from '@deskwire/server';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { withDeskwire } from '../data-dir.js';
import { positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { promptSecret, readStdinLines } from '../profiles/secret-input.js';
import { loadServer } from '../server-module.js';

/** Where a password comes from: never a command-line argument (it would sit in shell history and `ps`). */
const PASSWORD_ENV = 'DESKWIRE_PASSWORD';

interface PasswordFlags {
  passwordStdin?: boolean;
}

/**
 * The password from `--password-stdin` (the first line of stdin), `$DESKWIRE_PASSWORD`, or a prompt on
 * the terminal (asked twice); `undefined` when none of them is available and `optional`.
 */
async function readPassword(o: PasswordFlags, optional: boolean): Promise<string | undefined> {
  if (o.passwordStdin) {
    const [line] = await readStdinLines();
    if (!line) throw new CliError('USAGE', '--password-stdin: stdin had no password line', EXIT.usage);
    return line;
  }
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) {
    const first = await promptSecret('Password: ');
    const again = await promptSecret('Again: ');
    if (first !== again) throw new CliError('USAGE', 'the two passwords differ', EXIT.usage);
    return first;
  }
  if (optional) return undefined;
  throw new CliError(
    'USAGE',
    `give the password on stdin with --password-stdin, in $${PASSWORD_ENV}, or at the prompt (a terminal)`,
    EXIT.usage,
  );
}

export function userCommand(): Command {
  const user = new Command('user').description(
    'Create users who sign in to /api/v1 and the console, and set passwords',
  );
  user
    .command('create')
    .description('Create a user of a tenant, with a password unless --no-password')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--email <address>', 'sign-in email address (one user per address and tenant)')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'role').choices(['Admin', 'Agent']).default('Agent'))
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--no-password', 'no password: the user signs in only after `deskwire user passwd`')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"orgId","userId","email","role","hasPassword"}')
    .addHelpText(
      'after',
      `\nThe password comes from --password-stdin, $${PASSWORD_ENV} or the prompt, never from an argument.\n\nExample:\n  printf '%s\\n' "$PW" | deskwire user create --org-id 1001 --email asha@example.com --name Asha --password-stdin\n`,
    )
    .action(
      async (
        o: PasswordFlags & {
          orgId: number;
          email: string;
          name: string;
          role: Role;
          password: boolean;
          dataDir?: string;
          json?: boolean;
        },
      ) => {
        const password = o.password === false ? undefined : await readPassword(o, false);
        const { createUser } = await loadServer();
        const account = await withDeskwire(
          o.dataDir,
          (d) => createUser({ orgId: o.orgId, email: o.email, name: o.name, role: o.role, password }, d),
          { orgId: o.orgId },
        );
        printResult(
          o.json,
          {
            orgId: o.orgId,
            userId: account.user.id,
            email: account.user.email,
            role: account.user.role,
            hasPassword: account.passwordHash !== null,
          },
          [
            `Created ${account.user.role} ${account.user.id} (${account.user.email})`,
            account.passwordHash
              ? 'They can sign in with POST /api/v1/session.'
              : 'No password yet: set one with `deskwire user passwd`.',
          ],
        );
      },
    );
  user
    .command('passwd')
    .description("Set a user's password (their open sessions end)")
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--user <id-or-email>', 'user id or email address')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--data-dir <dir>', 'data directory')
    .addHelpText(
      'after',
      `\nThe password comes from --password-stdin, $${PASSWORD_ENV} or the prompt, never from an argument.\n\nExample:\n  deskwire user passwd --org-id 1001 --user asha@example.com\n`,
    )
    .action(async (o: PasswordFlags & { orgId: number; user: string; dataDir?: string }) => {
      const password = (await readPassword(o, false)) as string;
      const { findUser, setPassword } = await loadServer();
      await withDeskwire(
        o.dataDir,
        async (d) => {
          const account = await findUser({ orgId: o.orgId, user: o.user }, d);
          if (!account) throw new CliError('NOT_FOUND', `no user ${o.user} in tenant ${o.orgId}`, EXIT.failure);
          await setPassword({ orgId: o.orgId, userId: account.user.id, password }, d);
        },
        { orgId: o.orgId },
      );
      process.stdout.write('Password set; the user’s open sessions have ended\n');
    });
  return user;
}
