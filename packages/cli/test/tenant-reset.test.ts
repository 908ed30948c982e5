import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { api, createBody, type Keys, request, runCli, runCliJson, waitForStdoutLine } from './helpers/run-cli.js';

const TEST_TIMEOUT = 60_000;
const A = 1001;
const B = 1002;
const lead = { email: 'wim@example.com' };

async function createTenant(dataDir: string, orgId: number): Promise<Keys> {
  const created = await runCliJson<Keys>([
    'tenant',
    'create',
    '--org-id',
    String(orgId),
    '--name',
    `Org ${orgId}`,
    '--json',
    '--data-dir',
    dataDir,
  ]);
  return { accessKey: created.accessKey, secretKey: created.secretKey };
}

describe('deskwire tenant reset', () => {
  test(
    'empties one tenant while the server runs; its keys keep working, the other tenant is untouched',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const a = await createTenant(f.dataDir, A);
      const b = await createTenant(f.dataDir, B);
      const lookups = await runCli([
        'lookups',
        'set',
        'Priority',
        'P1',
        'P2',
        '--org-id',
        String(A),
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(lookups.code, 0, lookups.stderr);
      const server = await f.serve();
      for (const [keys, org] of [
        [a, A],
        [a, A],
        [b, B],
      ] as const) {
        const res = await api(
          server.url,
          keys,
          'POST',
          `/api/tenants/${org}/tickets`,
          createBody({ Title: 'Before', Priority: org === A ? 'P1' : 'Low' }, lead),
        );
        assert.equal(res.status, 200, res.body.toString('utf8'));
      }

      const kept = await runCliJson([
        'tenant',
        'reset',
        '--org-id',
        String(A),
        '--keep-config',
        '--json',
        '--data-dir',
        f.dataDir,
      ]);
      assert.deepEqual(kept, { orgId: A, tickets: 2, leads: 1, activities: 0, attachments: 0, history: 0 });
      const gone = await api(server.url, a, 'GET', `/api/tenants/${A}/tickets/1`);
      assert.equal(gone.status, 404, 'authenticated, and the ticket is gone');
      assert.equal(gone.json().ExceptionType, 'TicketNotFound');
      assert.equal((await api(server.url, b, 'GET', `/api/tenants/${B}/tickets/1`)).status, 200, 'B keeps its ticket');

      const again = await api(
        server.url,
        a,
        'POST',
        `/api/tenants/${A}/tickets`,
        createBody({ Title: 'After', Priority: 'P1' }, lead),
      );
      assert.equal(again.status, 200, `--keep-config kept the P1 lookup: ${again.body.toString('utf8')}`);
      assert.equal(
        (await api(server.url, a, 'GET', `/api/tenants/${A}/tickets/1`)).status,
        200,
        'numbering restarted at 1',
      );

      const full = await runCli(['tenant', 'reset', '--org-id', String(A), '--data-dir', f.dataDir]);
      assert.equal(full.code, 0, full.stderr);
      assert.match(full.stdout, /Tenant 1001 reset: 1 tickets/);
      assert.match(full.stdout, /restored to the defaults; users and keys kept/);
      const p1 = await api(
        server.url,
        a,
        'POST',
        `/api/tenants/${A}/tickets`,
        createBody({ Title: 'P1?', Priority: 'P1' }, lead),
      );
      assert.equal(p1.status, 400, 'default lookups are back');
      assert.equal(p1.json().ExceptionType, 'InvalidFieldValue');
    },
  );

  test(
    'an unknown org fails with exit code 4 (not found) and one line on stderr',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const made = await runCli(['tenant', 'create', '--org-id', '7', '--name', 'Other', '--data-dir', f.dataDir]);
      assert.equal(made.code, 0, made.stderr);
      const result = await runCli(['tenant', 'reset', '--org-id', '4242', '--data-dir', f.dataDir]);
      assert.equal(result.code, 4);
      assert.match(result.stderr, /tenant 4242 does not exist/);
      assert.equal(result.stdout, '');
    },
  );
});

describe('deskwire serve --admin-token', () => {
  test('turns the sandbox controls on; without it /_deskwire does not exist', { timeout: TEST_TIMEOUT }, async (t) => {
    const f = await fixture(t);
    const token = 'cli-test-token';
    const on = await f.serve('--admin-token', token);
    await waitForStdoutLine(on, /^Sandbox controls at http:\/\/127\.0\.0\.1:\d+\/_deskwire /);
    assert.doesNotMatch(on.stdout() + on.stderr(), new RegExp(token), 'the token is never printed');
    const created = await request(`${on.url}/_deskwire/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: A, name: 'Via the sandbox' }),
    });
    assert.equal(created.status, 201, created.body.toString('utf8'));
    const keys = { accessKey: created.json().accessKey, secretKey: created.json().secretKey };
    assert.equal((await api(on.url, keys, 'GET', `/api/tenants/${A}/tickets/1`)).status, 404);
    const wrong = await request(`${on.url}/_deskwire/tenants`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    await on.stop();

    const off = await f.serve();
    const absent = await request(`${off.url}/_deskwire/tenants`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(absent.status, 404);
    const help = await runCli(['serve', '--help']);
    assert.match(help.stdout, /--admin-token/);
  });
});
