import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { runCliJson } from './helpers/run-cli.js';
import { runWith } from './helpers/run-cli-env.js';

const DEMO_ACCESS = 'u$rdeskwire-demo-22824';
const DEMO_SECRET = 'deskwire-demo-secret-not-for-production';

test('profiles, precedence and the LeadSquared commands against serve --demo', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--demo');
  const config = join(f.dataDir, 'config');
  const env = { DESKWIRE_CONFIG_DIR: config };
  const cli = (args: string[], extra: { env?: Record<string, string>; input?: string } = {}) =>
    runWith(args, { env: { ...env, ...extra.env }, ...(extra.input !== undefined && { input: extra.input }) });

  // No connection at all: a usage error.
  assert.equal((await cli(['ticket', 'get', '143'])).code, 2);

  // profile add reads the keys from stdin; the file is 0600 and list never shows them.
  const added = await cli(
    ['profile', 'add', 'demo', '--vendor', 'leadsquared', '--host', server.url, '--org-id', '22824'],
    {
      input: `${DEMO_ACCESS}\n${DEMO_SECRET}\n`,
    },
  );
  assert.equal(added.code, 0, added.stderr);
  assert.ok(!added.stdout.includes(DEMO_SECRET) && !added.stderr.includes(DEMO_SECRET));
  const file = join(config, 'profiles.json');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal((await stat(config)).mode & 0o777, 0o700);
  const list = await cli(['profile', 'list', '--json']);
  assert.deepEqual(JSON.parse(list.stdout), [
    { name: 'demo', vendor: 'leadsquared', host: server.url, orgId: 22824, current: true },
  ]);
  assert.ok(!list.stdout.includes(DEMO_SECRET));

  // ticket get through the current profile.
  const got = await cli(['ticket', 'get', '143', '--json']);
  assert.equal(got.code, 0, got.stderr);
  const [ticket] = JSON.parse(got.stdout);
  assert.equal(ticket.key, '#143');
  assert.equal(ticket.title, 'Update Email Id');
  const text = await cli(['ticket', 'get', '143']);
  assert.match(text.stdout, /Title\s+Update Email Id/);

  // Precedence: a profile pointing nowhere, overridden by the environment, overridden by the flag.
  const dead = 'http://127.0.0.1:9';
  await cli(['profile', 'add', 'dead', '--vendor', 'leadsquared', '--host', dead, '--org-id', '22824', '--no-use'], {
    input: `${DEMO_ACCESS}\n${DEMO_SECRET}\n`,
  });
  const viaEnv = await cli(['ticket', 'get', '143', '--json', '--profile', 'dead'], {
    env: { DESKWIRE_HOST: server.url },
  });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  const flagWins = await cli(['ticket', 'get', '143', '--json', '--host', server.url], {
    env: { DESKWIRE_PROFILE: 'dead', DESKWIRE_HOST: dead },
  });
  assert.equal(flagWins.code, 0, flagWins.stderr);
  assert.equal((await cli(['ticket', 'get', '143', '--profile', 'nope'])).code, 2);

  // Exit codes: not found 4, auth 3, vendor unreachable 5.
  const missing = await cli(['ticket', 'get', '143', '99999', '--jsonl']);
  assert.equal(missing.code, 4);
  assert.equal(missing.stdout.trim().split('\n').length, 1);
  assert.equal((await cli(['ticket', 'get', '143'], { env: { DESKWIRE_SECRET_KEY: 'wrong' } })).code, 3);
  assert.equal((await cli(['ticket', 'get', '143', '--host', dead])).code, 5);

  // create (with an attachment), update, note (from stdin), conversations, attachment download.
  const upload = join(f.dataDir, 'receipt.txt');
  await writeFile(upload, 'receipt body');
  const created = await cli([
    'ticket',
    'create',
    '--title',
    'Refund please',
    '--field',
    'Status=Open',
    '--lead-email',
    'wim@example.com',
    '--attach',
    upload,
    '--json',
  ]);
  assert.equal(created.code, 0, created.stderr);
  const ref = JSON.parse(created.stdout);
  assert.match(ref.key, /^#/);
  // The file went to the ticket itself (L2), which LeadSquared's API cannot list: said, not "No attachments" alone.
  const own = await cli(['attachment', 'download', ref.id, '--out', join(f.dataDir, 'own')]);
  assert.equal(own.code, 4, own.stderr);
  assert.match(
    own.stdout,
    /^No attachments in the ticket's conversations\. LeadSquared's API does not list files attached to the ticket itself/,
  );
  // ... and an export says so on the ticket's record and in the summary, rather than reporting a full backup.
  const backup = join(f.dataDir, 'backup');
  const exported = await cli(['export', '--ids', ref.id, '--out', backup]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /^Exported 1 ticket \(0 attachments\), 0 missing/m);
  assert.match(exported.stderr, /^Incomplete: 1 ticket may have files of its own that are not exported/m);
  assert.doesNotMatch(exported.stderr, /0\/0|ETA \?/, 'no empty first progress line');
  const [record] = (await readFile(join(backup, 'tickets.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(record.ticket.attachments, null);
  assert.match(record.incomplete, /does not list files attached to the ticket itself/);
  // Ids must be ticket numbers or ranges: `5-a` is a usage error that says why, before any call.
  const badIds = await cli(['export', '--ids', '5-a', '--out', backup]);
  assert.equal(badIds.code, 2);
  assert.match(badIds.stderr, /'5-a' is not a ticket number or a range such as 1-5000/);
  // A missing --attach file is named.
  const nope = await cli(['ticket', 'update', ref.id, '--attach', './nope.pdf']);
  assert.equal(nope.code, 1);
  assert.match(nope.stderr, /^deskwire: cannot attach '\.\/nope\.pdf': no such file \(ENOENT\)$/m);
  // --profile also before the subcommand; a command without connection options refuses it.
  const before = await cli(['--profile', 'dead', 'ticket', 'get', '143', '--json'], {
    env: { DESKWIRE_HOST: server.url },
  });
  assert.equal(before.code, 0, before.stderr);
  assert.equal((await cli(['--profile', 'nope', 'ticket', 'get', '143'])).code, 2);
  const notHere = await cli(['--profile', 'demo', 'profile', 'list']);
  assert.equal(notHere.code, 2);
  assert.match(notHere.stderr, /--profile is for the vendor commands; 'list' does not take it/);

  const updated = await cli(['ticket', 'update', ref.id, '--status', 'On Hold']);
  assert.equal(updated.code, 0, updated.stderr);
  const reread = JSON.parse((await cli(['ticket', 'get', ref.id, '--json'])).stdout);
  assert.equal(reread[0].rawStatus, 'On Hold');
  assert.equal((await cli(['ticket', 'update', ref.id])).code, 2);

  const note = await cli(['note', 'add', '143', '-', '--json'], { input: 'Called the customer\n' });
  assert.equal(note.code, 0, note.stderr);
  assert.equal(JSON.parse(note.stdout).ticketId, '143');

  const conversations = await cli(['conversations', '143', '--jsonl']);
  assert.equal(conversations.code, 0, conversations.stderr);
  const lines = conversations.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[1].attachments[0].fileName, 'Aadhaar.png');
  const thread = await cli(['conversations', '143', '--type', 'email-in']);
  assert.match(thread.stdout, /── email-in/);
  assert.equal((await cli(['conversations', '99999'])).code, 4);

  const out = join(f.dataDir, 'files');
  const download = await cli(['attachment', 'download', '143', '--out', out, '--json']);
  assert.equal(download.code, 0, download.stderr);
  const [saved] = JSON.parse(download.stdout);
  assert.equal(saved.file, 'Aadhaar.png');
  assert.equal((await readFile(join(out, 'Aadhaar.png'))).length, saved.size);
  const again = JSON.parse((await cli(['attachment', 'download', '143', '--out', out, '--json'])).stdout);
  assert.equal(again[0].file, 'Aadhaar (1).png');
  assert.deepEqual((await readdir(out)).sort(), ['Aadhaar (1).png', 'Aadhaar.png']);

  // profile use / remove.
  assert.equal((await cli(['profile', 'use', 'dead'])).code, 0);
  assert.equal(JSON.parse((await cli(['profile', 'list', '--json'])).stdout)[1].current, true);
  assert.equal((await cli(['profile', 'remove', 'dead'])).code, 0);
  assert.equal((await cli(['profile', 'remove', 'dead'])).code, 2);
  assert.deepEqual(
    JSON.parse((await cli(['profile', 'list', '--json'])).stdout).map((p: { name: string }) => p.name),
    ['demo'],
  );
});

test('the same commands on Kapture, with tokens from the environment', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--demo');
  const token = async (api: string) =>
    (
      await runCliJson<{ token: string }>([
        'token',
        'create',
        '--org-id',
        '22824',
        '--api',
        api,
        '--json',
        '--data-dir',
        f.dataDir,
      ])
    ).token;
  const env = {
    DESKWIRE_CONFIG_DIR: join(f.dataDir, 'config'),
    DESKWIRE_VENDOR: 'kapture',
    DESKWIRE_HOST: server.url,
    DESKWIRE_TOKEN_GET: await token('get'),
    DESKWIRE_TOKEN_ADD: await token('add'),
    DESKWIRE_TOKEN_UPDATE: await token('update'),
  };
  const cli = (args: string[], input?: string) => runWith(args, { env, ...(input !== undefined && { input }) });

  const got = await cli(['ticket', 'get', '713516551148', '--json']);
  assert.equal(got.code, 0, got.stderr);
  assert.equal(JSON.parse(got.stdout)[0].title, 'Update Email Id');
  assert.equal((await cli(['ticket', 'get', '100000099999'])).code, 4);

  const created = await cli([
    'ticket',
    'create',
    '--title',
    'Parcel not delivered',
    '--lead-email',
    'asha@example.com',
    '--json',
  ]);
  assert.equal(created.code, 0, created.stderr);
  const id = JSON.parse(created.stdout).id as string;
  assert.equal((await cli(['ticket', 'update', id, '--status', 'CL'])).code, 0);
  assert.equal((await cli(['note', 'add', id, 'Called the courier'])).code, 0);
  const conversations = await cli(['conversations', '713516551148', '--json']);
  assert.equal(conversations.code, 0, conversations.stderr);
  assert.ok(JSON.parse(conversations.stdout).length >= 1);
  // A file attached through LeadSquared (L2) is the ticket's own: Kapture lists it (task_details.attachments),
  // so attachment download and export read it there.
  const upload = join(f.dataDir, 'small.txt');
  await writeFile(upload, 'small file');
  const lsq = await runWith(
    [
      'ticket',
      'create',
      '--title',
      'With a file',
      '--field',
      'Status=Open',
      '--lead-email',
      'x@example.com',
      '--attach',
      upload,
      '--json',
    ],
    {
      env: {
        DESKWIRE_CONFIG_DIR: env.DESKWIRE_CONFIG_DIR,
        DESKWIRE_VENDOR: 'leadsquared',
        DESKWIRE_HOST: server.url,
        DESKWIRE_ORG_ID: '22824',
        DESKWIRE_ACCESS_KEY: 'u$rdeskwire-demo-22824',
        DESKWIRE_SECRET_KEY: 'deskwire-demo-secret-not-for-production',
      },
    },
  );
  assert.equal(lsq.code, 0, lsq.stderr);
  const kapId = String(713516551148 - 143 + Number(JSON.parse(lsq.stdout).id));
  const files = join(f.dataDir, 'kap-files');
  const download = await cli(['attachment', 'download', kapId, '--out', files, '--json']);
  assert.equal(download.code, 0, download.stderr);
  assert.deepEqual(
    JSON.parse(download.stdout).map((d: { file: string; size: number }) => [d.file, d.size]),
    [['small.txt', 10]],
  );
  const backup = join(f.dataDir, 'kap-backup');
  const exported = await cli(['export', '--ids', kapId, '--out', backup]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /^Exported 1 ticket \(1 attachment\)/m);
  assert.doesNotMatch(exported.stderr, /Incomplete/);
  const [record] = (await readFile(join(backup, 'tickets.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(record.incomplete, undefined);
  assert.equal(record.ticket.attachments[0].fileName, 'small.txt');
  assert.equal(await readFile(join(backup, record.ticket.attachments[0].file), 'utf8'), 'small file');

  // Kapture has no uploads: the SDK says UNSUPPORTED, exit 1.
  assert.equal((await cli(['ticket', 'update', id, '--title', 'x'])).code, 1);
  // A wrong token: auth failure.
  const bad = await runWith(['ticket', 'get', '713516551148'], { env: { ...env, DESKWIRE_TOKEN_GET: 'nope' } });
  assert.equal(bad.code, 3);
});

test('--help has an example on every new command, and completion scripts list them', async () => {
  for (const command of [
    ['profile', 'add'],
    ['profile', 'list'],
    ['ticket', 'get'],
    ['ticket', 'create'],
    ['ticket', 'update'],
    ['ticket', 'reply'],
    ['mailbox', 'add'],
    ['mailbox', 'settings'],
    ['note', 'add'],
    ['conversations'],
    ['attachment', 'download'],
    ['export'],
    ['completion'],
  ]) {
    const help = await runWith([...command, '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Example/, command.join(' '));
  }
  for (const shell of ['bash', 'zsh']) {
    const script = await runWith(['completion', shell]);
    assert.equal(script.code, 0);
    assert.match(script.stdout, /complete -o default -F _deskwire deskwire/);
    assert.match(script.stdout, /"ticket"\) words="get create update reply list search --help"/);
    assert.match(script.stdout, /"export"\) words="[^"]*--ids-file/);
  }
  assert.equal((await runWith(['completion', 'fish'])).code, 2);
});
