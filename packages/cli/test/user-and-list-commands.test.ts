import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { runWith } from './helpers/run-cli-env.js';

const DEMO_ACCESS = 'u$rdeskwire-demo-22824';
const DEMO_SECRET = 'deskwire-demo-secret-not-for-production';

async function signIn(url: string, email: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res.status;
}

test('deskwire user create|passwd: passwords from stdin, env or a prompt, never argv; then sign-in works', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--demo');
  const first = 'first password 123';
  const created = await runWith(
    [
      'user',
      'create',
      '--org-id',
      '22824',
      '--email',
      'asha@edu101.example',
      '--name',
      'Asha',
      '--password-stdin',
      '--data-dir',
      f.dataDir,
      '--json',
    ],
    { input: `${first}\n` },
  );
  assert.equal(created.code, 0, created.stderr);
  const json = JSON.parse(created.stdout) as { userId: string; hasPassword: boolean; role: string };
  assert.equal(json.hasPassword, true);
  assert.equal(json.role, 'Agent');
  assert.ok(!created.stdout.includes(first) && !created.stderr.includes(first), 'the password is never printed');
  assert.equal(await signIn(server.url, 'asha@edu101.example', first), 201);

  // No password source (stdin is not a terminal) is a usage error; a password argument is not an option.
  const none = await runWith([
    'user',
    'passwd',
    '--org-id',
    '22824',
    '--user',
    'asha@edu101.example',
    '--data-dir',
    f.dataDir,
  ]);
  assert.equal(none.code, 2, none.stderr);
  const argv = await runWith([
    'user',
    'create',
    '--org-id',
    '22824',
    '--email',
    'x@edu101.example',
    '--name',
    'X',
    '--password',
    'on-the-command-line',
    '--data-dir',
    f.dataDir,
  ]);
  assert.equal(argv.code, 2, 'no --password <value> option');

  const second = 'second password 456';
  const passwd = await runWith(
    ['user', 'passwd', '--org-id', '22824', '--user', 'asha@edu101.example', '--data-dir', f.dataDir],
    {
      env: { DESKWIRE_PASSWORD: second },
    },
  );
  assert.equal(passwd.code, 0, passwd.stderr);
  assert.equal(await signIn(server.url, 'asha@edu101.example', first), 401);
  assert.equal(await signIn(server.url, 'asha@edu101.example', second), 201);

  const short = await runWith(['user', 'passwd', '--org-id', '22824', '--user', json.userId, '--data-dir', f.dataDir], {
    env: { DESKWIRE_PASSWORD: 'short' },
  });
  assert.notEqual(short.code, 0, 'a too-short password is refused');
});

test('deskwire ticket list|search against a Deskwire server: table or --json', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--demo');
  const env = {
    DESKWIRE_VENDOR: 'leadsquared',
    DESKWIRE_HOST: server.url,
    DESKWIRE_ORG_ID: '22824',
    DESKWIRE_ACCESS_KEY: DEMO_ACCESS,
    DESKWIRE_SECRET_KEY: DEMO_SECRET,
    DESKWIRE_CONFIG_DIR: `${f.dataDir}/config`,
  };
  const list = await runWith(['ticket', 'list', '--json', '--sort', 'number'], { env });
  assert.equal(list.code, 0, list.stderr);
  const page = JSON.parse(list.stdout) as { tickets: Array<{ key: string }>; nextCursor: string | null };
  assert.ok(page.tickets.some((ticket) => ticket.key === '#143'));
  const table = await runWith(['ticket', 'list', '--status', 'Open,On Hold,In Progress,Resolved,Closed'], { env });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^KEY\s+STATUS\s+PRIORITY\s+UPDATED\s+TITLE/m);
  assert.match(table.stdout, /#143/);
  const search = await runWith(['ticket', 'search', 'Update', 'Email', '--json'], { env });
  assert.equal(search.code, 0, search.stderr);
  const found = JSON.parse(search.stdout) as { tickets: Array<{ key: string; snippet?: string | null }> };
  assert.equal(found.tickets[0]?.key, '#143');
  const bad = await runWith(['ticket', 'list', '--limit', '1000'], { env });
  assert.equal(bad.code, 1, `a 400 is exit 1: ${bad.stderr}`);
  const kapture = await runWith(['ticket', 'list'], {
    env: { ...env, DESKWIRE_VENDOR: 'kapture', DESKWIRE_TOKEN: 'x' },
  });
  assert.equal(kapture.code, 2, 'a Kapture connection is a usage error');
});
