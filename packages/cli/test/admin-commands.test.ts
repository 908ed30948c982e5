import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import {
  api,
  createBody,
  DEMO_ORG,
  demoKeys,
  type Keys,
  runCli,
  runCliJson,
  tempDataDir,
  waitForStdoutLines,
} from './helpers/run-cli.js';

const TEST_TIMEOUT = 60_000;
const ORG = 1001;

/** `deskwire tenant create --org-id 1001 --name Acme --json` on a data dir; returns the admin keys. */
async function createTenant(dataDir: string): Promise<Keys> {
  const created = await runCliJson<Keys & { orgId: number }>([
    'tenant',
    'create',
    '--org-id',
    String(ORG),
    '--name',
    'Acme',
    '--json',
    '--data-dir',
    dataDir,
  ]);
  return { accessKey: created.accessKey, secretKey: created.secretKey };
}

describe('deskwire tenant', () => {
  test(
    'tenant create --json prints working keys; creating the same org again fails on stderr',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const result = await runCli([
        'tenant',
        'create',
        '--org-id',
        String(ORG),
        '--name',
        'Acme',
        '--json',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout);
      assert.deepEqual(Object.keys(printed), ['orgId', 'accessKey', 'secretKey']);
      assert.equal(printed.orgId, ORG);
      assert.equal(typeof printed.accessKey, 'string');
      assert.equal(typeof printed.secretKey, 'string');
      assert.ok(printed.accessKey.length > 0 && printed.secretKey.length > 0);
      assert.equal(result.stdout.trim().split('\n').length, 1, '--json prints one JSON document');

      const server = await f.serve();
      const keys: Keys = { accessKey: printed.accessKey, secretKey: printed.secretKey };
      const res = await api(server.url, keys, 'GET', `/api/tenants/${ORG}/tickets/1`);
      assert.equal(res.status, 404, res.body.toString('utf8'));
      assert.equal(res.json().ExceptionType, 'TicketNotFound');

      const wrong = await api(
        server.url,
        { ...keys, secretKey: `${keys.secretKey.slice(0, -1)}x` },
        'GET',
        `/api/tenants/${ORG}/tickets/1`,
      );
      assert.equal(wrong.status, 401, 'a wrong secret is refused (so the 404 above was authenticated)');

      const again = await runCli([
        'tenant',
        'create',
        '--org-id',
        String(ORG),
        '--name',
        'Acme again',
        '--json',
        '--data-dir',
        f.dataDir,
      ]);
      assert.notEqual(again.code, 0, 'creating an existing org fails');
      assert.match(again.stderr, /1001/);
      assert.match(again.stderr, /exists/i);
      assert.equal(again.stdout, '', 'nothing on stdout when the command fails');
      assert.doesNotMatch(again.stderr, /^\s+at /m, 'no stack trace');

      // The first key pair still works after the failed second create.
      const still = await api(server.url, keys, 'GET', `/api/tenants/${ORG}/tickets/1`);
      assert.equal(still.status, 404);
    },
  );

  test(
    'lookups set restricts Status values; tenant update --api-enabled false answers 403 ApiDisabled',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const keys = await createTenant(f.dataDir);

      const set = await runCli([
        'lookups',
        'set',
        'Status',
        'Open',
        'Closed',
        '--org-id',
        String(ORG),
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(set.code, 0, set.stderr);
      assert.match(set.stdout, /Status: Open, Closed/);

      const server = await f.serve();
      const lead = { email: 'wim@example.com' };
      const onHold = await api(
        server.url,
        keys,
        'POST',
        `/api/tenants/${ORG}/tickets`,
        createBody({ Title: 'Parked', Status: 'On Hold' }, lead),
      );
      assert.equal(onHold.status, 400, onHold.body.toString('utf8'));
      assert.equal(onHold.json().ExceptionType, 'InvalidFieldValue');

      const closed = await api(
        server.url,
        keys,
        'POST',
        `/api/tenants/${ORG}/tickets`,
        createBody({ Title: 'Done', Status: 'Closed' }, lead),
      );
      assert.equal(closed.status, 200, closed.body.toString('utf8'));
      const id: string = closed.json().Id;
      const got = await api(server.url, keys, 'GET', `/api/tenants/${ORG}/tickets/${id}`);
      assert.equal(got.status, 200);
      const status = (got.json().Fields as Array<{ SchemaName: string; Value: unknown }>).find(
        (x) => x.SchemaName === 'Status',
      );
      assert.equal(status?.Value, 'Closed');

      const update = await runCli([
        'tenant',
        'update',
        '--org-id',
        String(ORG),
        '--api-enabled',
        'false',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(update.code, 0, update.stderr);
      assert.match(update.stdout, /API disabled/);

      const disabled = await api(server.url, keys, 'GET', `/api/tenants/${ORG}/tickets/${id}`);
      assert.equal(disabled.status, 403, disabled.body.toString('utf8'));
      assert.equal(disabled.json().ExceptionType, 'ApiDisabled');

      const enable = await runCli([
        'tenant',
        'update',
        '--org-id',
        String(ORG),
        '--api-enabled',
        'true',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(enable.code, 0, enable.stderr);
      const enabled = await api(server.url, keys, 'GET', `/api/tenants/${ORG}/tickets/${id}`);
      assert.equal(enabled.status, 200, 'switching the API back on takes effect too');
    },
  );
});

describe('deskwire key', () => {
  test(
    'key create --json issues a working Agent key; key revoke makes it 401 at once',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      await createTenant(f.dataDir);
      const server = await f.serve();

      const created = await runCli([
        'key',
        'create',
        '--org-id',
        String(ORG),
        '--role',
        'Agent',
        '--json',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(created.code, 0, created.stderr);
      const printed = JSON.parse(created.stdout);
      assert.deepEqual(Object.keys(printed), ['orgId', 'userId', 'role', 'accessKey', 'secretKey']);
      assert.equal(printed.orgId, ORG);
      assert.equal(printed.role, 'Agent');
      const keys: Keys = { accessKey: printed.accessKey, secretKey: printed.secretKey };

      const before = await api(server.url, keys, 'GET', `/api/tenants/${ORG}/tickets/1`);
      assert.equal(before.status, 404, `the new key authenticates: ${before.body.toString('utf8')}`);
      assert.equal(before.json().ExceptionType, 'TicketNotFound');

      const revoked = await runCli([
        'key',
        'revoke',
        '--org-id',
        String(ORG),
        '--access-key',
        keys.accessKey,
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.match(revoked.stdout, /revoked/i);

      // The running server reads keys from the database on each call: no restart needed.
      const after = await api(server.url, keys, 'GET', `/api/tenants/${ORG}/tickets/1`);
      assert.equal(after.status, 401, after.body.toString('utf8'));
      assert.equal(after.json().ExceptionType, 'Unauthorized');

      const twice = await runCli([
        'key',
        'revoke',
        '--org-id',
        String(ORG),
        '--access-key',
        keys.accessKey,
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(twice.code, 1, 'revoking a revoked key fails');
      assert.match(twice.stderr, /^deskwire: /);
    },
  );
});

describe('deskwire conversation', () => {
  test(
    'conversation add --attach: the filter API lists it and its ContentPath serves the exact bytes',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const server = await f.serve('--demo');
      await waitForStdoutLines(server, 7);
      const keys = demoKeys(server.stdout());

      const files = await tempDataDir();
      t.after(files.remove);
      const file = join(files.dir, 'statement.pdf');
      const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(40_000), Buffer.from([0, 255, 13, 10])]);
      await writeFile(file, bytes);

      const added = await runCli([
        'conversation',
        'add',
        '--org-id',
        String(DEMO_ORG),
        '--ticket',
        '143',
        '--type',
        'OutboundEmail',
        '--text',
        'hello',
        '--attach',
        file,
        '--json',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(added.code, 0, added.stderr);
      const printed = JSON.parse(added.stdout) as { id: number; ticket: number };
      assert.equal(printed.ticket, 143);
      assert.equal(typeof printed.id, 'number');

      const res = await api(server.url, keys, 'POST', `/api/tenants/${DEMO_ORG}/conversation/filter`, {
        TicketId: 143,
        OrgId: DEMO_ORG,
        ActivityType: ['OutboundEmail'],
      });
      assert.equal(res.status, 200, res.body.toString('utf8'));
      const list = res.json().ConversationList as Array<{
        Id: number;
        RelatedActivityType: string;
        Text: string | null;
        Attachments: Array<{ FileName: string; FileSize: number; ContentType: string; ContentPath: string }>;
      }>;
      const conversation = list.find((c) => c.Id === printed.id);
      assert.ok(conversation, `conversation ${printed.id} is listed: ${res.body.toString('utf8')}`);
      assert.equal(conversation.RelatedActivityType, 'OutboundEmail');
      assert.equal(conversation.Text, 'hello');
      assert.equal(conversation.Attachments.length, 1);
      const [attachment] = conversation.Attachments;
      assert.ok(attachment);
      assert.equal(attachment.FileName, 'statement.pdf');
      assert.equal(attachment.FileSize, bytes.length);
      assert.equal(attachment.ContentType, 'application/pdf');
      assert.ok(
        attachment.ContentPath.startsWith(`${server.url}/`),
        `ContentPath points at this server: ${attachment.ContentPath}`,
      );

      const download = await fetch(attachment.ContentPath);
      assert.equal(download.status, 200);
      const downloaded = Buffer.from(await download.arrayBuffer());
      assert.ok(downloaded.equals(bytes), 'the download is byte for byte the attached file');
    },
  );

  test(
    'conversation add with a missing --attach file fails in one line and adds nothing',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const seeded = await f.serve('--demo');
      await waitForStdoutLines(seeded, 7);
      const keys = demoKeys(seeded.stdout());
      const files = await tempDataDir();
      t.after(files.remove);
      const present = join(files.dir, 'present.txt');
      await writeFile(present, `present ${randomBytes(8).toString('hex')}`);

      const result = await runCli([
        'conversation',
        'add',
        '--org-id',
        String(DEMO_ORG),
        '--ticket',
        '143',
        '--type',
        'InboundEmail',
        '--text',
        'with a missing file',
        '--attach',
        present,
        '--attach',
        join(files.dir, 'missing.png'),
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^deskwire: .*missing\.png/);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line, no stack trace:\n${result.stderr}`);

      const res = await api(seeded.url, keys, 'POST', `/api/tenants/${DEMO_ORG}/conversation/filter`, {
        TicketId: 143,
        OrgId: DEMO_ORG,
        ActivityType: ['InboundEmail'],
      });
      assert.equal(res.status, 200);
      const texts = (res.json().ConversationList as Array<{ Text: string | null }>).map((c) => c.Text);
      assert.ok(!texts.includes('with a missing file'), 'no conversation was added');
    },
  );
});

describe('admin commands and the store', () => {
  test(
    'only tenant create (or serve, migrate) makes a store: a mistyped --data-dir is exit 4 and stays absent',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const typo = join(f.dataDir, 'typo-dir');
      for (const args of [
        ['token', 'list', '--org-id', String(DEMO_ORG)],
        ['key', 'revoke', '--org-id', String(DEMO_ORG), '--access-key', 'u$rnone'],
        ['tenant', 'list'],
        ['blobs', 'sweep'],
      ]) {
        const result = await runCli([...args, '--data-dir', typo]);
        assert.equal(result.code, 4, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, /^deskwire: no Deskwire store in .*typo-dir/m);
        assert.equal(result.stdout, '');
        assert.equal(existsSync(typo), false, `${args.join(' ')} created nothing`);
      }
      await createTenant(typo);
      assert.ok(existsSync(join(typo, 'deskwire.db')), 'tenant create makes the store');
    },
  );

  test(
    'an unknown tenant is exit 4 naming its id, for every command that takes --org-id',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      await createTenant(f.dataDir);
      for (const args of [
        ['token', 'list', '--org-id', '4242'],
        ['token', 'create', '--org-id', '4242', '--api', 'get'],
        ['key', 'create', '--org-id', '4242', '--role', 'Agent', '--name', 'x'],
        ['tenant', 'update', '--org-id', '4242', '--name', 'x'],
        ['tenant', 'reset', '--org-id', '4242'],
        ['lookups', 'set', 'Status', 'Open', '--org-id', '4242'],
      ]) {
        const result = await runCli([...args, '--data-dir', f.dataDir]);
        assert.equal(result.code, 4, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, /^deskwire: tenant 4242 does not exist$/m, args.join(' '));
      }
    },
  );

  test('tenant list prints every tenant of the store, as text or --json', { timeout: TEST_TIMEOUT }, async (t) => {
    const f = await fixture(t);
    await createTenant(f.dataDir);
    const more = await runCli(['tenant', 'create', '--org-id', '7', '--name', 'Beta', '--data-dir', f.dataDir]);
    assert.equal(more.code, 0, more.stderr);
    const text = await runCli(['tenant', 'list', '--data-dir', f.dataDir]);
    assert.equal(text.code, 0, text.stderr);
    assert.deepEqual(text.stdout.trim().split('\n'), [
      '7  "Beta"  API enabled  allowlist none  25 calls per 5000 ms',
      `${ORG}  "Acme"  API enabled  allowlist none  25 calls per 5000 ms`,
    ]);
    const json = await runCliJson<Array<{ orgId: number; name: string; apiEnabled: boolean; createdAt: string }>>([
      'tenant',
      'list',
      '--json',
      '--data-dir',
      f.dataDir,
    ]);
    assert.deepEqual(
      json.map((x) => [x.orgId, x.name, x.apiEnabled]),
      [
        [7, 'Beta', true],
        [ORG, 'Acme', true],
      ],
    );
    assert.ok(!Number.isNaN(Date.parse(json[0]?.createdAt ?? '')));
  });
});
