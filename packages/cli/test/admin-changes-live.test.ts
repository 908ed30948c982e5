import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { api, DEMO_ORG, runCli } from './helpers/run-cli.js';

// The demo keys `serve --demo` prints (public by design, docs/cli.md).
const DEMO_KEYS = { accessKey: 'u$rdeskwire-demo-22824', secretKey: 'deskwire-demo-secret-not-for-production' };

// Issue 14: a running server keeps tenant configuration in memory (storage/tenant-config-cache.ts). An admin
// command on the same data directory is another process; the server must see its change on the very next
// request (the documented bound is 1 s; no wait is needed, as every request checks the store's counter).
// The API switch and key revocation are covered in admin-commands.test.ts.

test(
  'tenant update (allowlist, rate limit), field add and tenant reset on a served data dir apply to the next request',
  { timeout: 90_000 },
  async (t) => {
    const f = await fixture(t);
    const server = await f.serve('--demo');
    const keys = DEMO_KEYS;
    const admin = async (...args: string[]) => {
      const result = await runCli([...args, '--org-id', String(DEMO_ORG), '--data-dir', f.dataDir]);
      assert.equal(result.code, 0, result.stderr);
    };
    const get = () => api(server.url, keys, 'GET', `/api/tenants/${DEMO_ORG}/tickets/143`);
    assert.equal((await get()).status, 200);

    await admin('tenant', 'update', '--ip-allowlist', '10.0.0.0/8');
    const refused = await get();
    assert.equal(refused.status, 403, refused.body.toString('utf8'));
    assert.equal(refused.json().ExceptionType, 'IpNotAllowed');
    await admin('tenant', 'update', '--ip-allowlist', 'none');
    assert.equal((await get()).status, 200);

    await admin('tenant', 'update', '--rate-limit', '1/60s');
    const statuses = [(await get()).status, (await get()).status];
    assert.ok(statuses.includes(429), `a limit of 1 per minute: ${statuses.join(',')}`);
    await admin('tenant', 'update', '--rate-limit', '1000/1s');

    await admin('field', 'add', '--name', 'LIVE_PROBE', '--type', 'Text');
    const fields = (await get()).json().Fields as Array<{ SchemaName: string }>;
    assert.ok(
      fields.some((field) => field.SchemaName === 'CustomData.LIVE_PROBE'),
      'the new field is listed',
    );

    // Ticket data written by another process: the server answers #143 from its cached bytes until the
    // ticket's version moves (migration 0014), so a reset must turn the very next read into a 404.
    assert.equal((await get()).status, 200);
    assert.equal((await get()).status, 200);
    await admin('tenant', 'reset', '--keep-config');
    assert.equal((await get()).status, 404, 'the reset deleted #143');
  },
);
