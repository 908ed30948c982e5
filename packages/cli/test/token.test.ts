import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { DEMO_ORG, request, runCli, runCliJson } from './helpers/run-cli.js';

const TEST_TIMEOUT = 60_000;
const GET_PATH = '/search-ticket-by-ticket-id.html/v.2.0';
const UPDATE_PATH = '/update-ticket-from-other-source.html/v.2.0';
const SEED_TICKET_ID = '713516551148';

interface Issued {
  orgId: number;
  tokenId: string;
  api: string;
  token: string;
  userId: string;
  expiresAt: string | null;
}

/** A Kapture call with `Authorization: Basic <token>`. */
function kapture(baseUrl: string, path: string, token: string, body: unknown) {
  return request(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('deskwire token', () => {
  test(
    'token create --json prints a working token; list shows it without the secret; revoke ends it',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const server = await f.serve('--demo');
      const issued = await runCliJson<Issued>([
        'token',
        'create',
        '--org-id',
        String(DEMO_ORG),
        '--api',
        'get',
        '--json',
        '--data-dir',
        f.dataDir,
      ]);
      assert.deepEqual(Object.keys(issued), ['orgId', 'tokenId', 'api', 'token', 'userId', 'expiresAt']);
      assert.equal(issued.orgId, DEMO_ORG);
      assert.equal(issued.api, 'get');
      assert.equal(issued.expiresAt, null);
      assert.match(issued.token, /^dwt_[0-9a-f]{16}_[0-9a-f]{64}$/);
      assert.ok(issued.token.includes(issued.tokenId));

      const ok = await kapture(server.url, GET_PATH, issued.token, { ticket_ids: SEED_TICKET_ID });
      assert.equal(ok.status, 200, ok.body.toString('utf8'));
      assert.equal(ok.json()[0].task_details.ticketId, SEED_TICKET_ID);

      const listed = await runCli(['token', 'list', '--org-id', String(DEMO_ORG), '--json', '--data-dir', f.dataDir]);
      assert.equal(listed.code, 0, listed.stderr);
      const tokens = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
      assert.deepEqual(
        tokens.map((x) => [x.tokenId, x.api, x.revokedAt]),
        [[issued.tokenId, 'get', null]],
      );
      assert.ok(!listed.stdout.includes(issued.token.slice(-64)), 'the secret is never listed');

      const revoked = await runCli([
        'token',
        'revoke',
        '--org-id',
        String(DEMO_ORG),
        '--token-id',
        issued.tokenId,
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal(revoked.stdout, 'Token revoked\n');
      const refused = await kapture(server.url, GET_PATH, issued.token, { ticket_ids: SEED_TICKET_ID });
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.json(), { message: 'Invalid Auth Key', status: 'failed' });

      const again = await runCli([
        'token',
        'revoke',
        '--org-id',
        String(DEMO_ORG),
        '--token-id',
        issued.tokenId,
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /no active token/);
    },
  );

  test(
    'token create without --json prints the header to send; --expires is kept',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      await runCli(['tenant', 'create', '--org-id', '1001', '--name', 'Acme', '--data-dir', f.dataDir]);
      const result = await runCli([
        'token',
        'create',
        '--org-id',
        '1001',
        '--api',
        'update',
        '--expires',
        '2099-12-31',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Authorization: Basic dwt_[0-9a-f]{16}_[0-9a-f]{64}$/m);
      assert.match(result.stdout, /^Expires: 2100-01-01T00:00:00\.000Z$/m, 'through the end of the day, UTC');
      assert.match(result.stdout, /for the update API of tenant 1001, acting as "Kapture API"/);
    },
  );

  test(
    'token create --api addCustomer / getCustomer: tokens for K5 and K6, each refused on the other',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const server = await f.serve('--demo');
      const issue = async (api: string) =>
        (
          await runCliJson<Issued>([
            'token',
            'create',
            '--org-id',
            String(DEMO_ORG),
            '--api',
            api,
            '--json',
            '--data-dir',
            f.dataDir,
          ])
        ).token;
      const add = await issue('addCustomer');
      const get = await issue('getCustomer');
      const added = await kapture(server.url, '/add-update-customer-from-other-source.html', add, [
        { name: 'From the CLI', email: 'cli.customer@example.com' },
      ]);
      assert.equal(added.status, 200, added.body.toString('utf8'));
      const id = Number(added.json()['Kapture Customer Id']);
      const found = await kapture(server.url, '/search-customer-by-customer-id.html', get, [
        { kapture_customer_id: String(id) },
      ]);
      assert.equal(found.status, 200, found.body.toString('utf8'));
      assert.equal(found.json()['Customer Details'].email, 'cli.customer@example.com');
      const wrong = await kapture(server.url, '/search-customer-by-customer-id.html', add, [{ phone: '1' }]);
      assert.equal(wrong.status, 401);
    },
  );

  const refused: Array<[string, string[], number, RegExp]> = [
    ['an unknown API', ['--api', 'delete'], 2, /Allowed choices are get, add, update, pull, addCustomer, getCustomer/],
    ['no --api', [], 2, /required option '--api <api>' not specified/],
    ['a malformed --expires', ['--api', 'get', '--expires', '31-12-2099'], 2, /is not YYYY-MM-DD or an ISO date-time/],
    ['an impossible date', ['--api', 'get', '--expires', '2099-02-30'], 2, /is not a date/],
    ['an expiry in the past', ['--api', 'get', '--expires', '2020-01-01'], 1, /is not in the future/],
    ['an unknown tenant', ['--api', 'get', '--org-id', '4242'], 4, /^deskwire: tenant 4242 does not exist$/m],
  ];
  for (const [name, args, code, message] of refused) {
    test(`token create refuses ${name} (exit ${code})`, { timeout: TEST_TIMEOUT }, async (t) => {
      const f = await fixture(t);
      await runCli(['tenant', 'create', '--org-id', '1001', '--name', 'Acme', '--data-dir', f.dataDir]);
      const orgArgs = args.includes('--org-id') ? [] : ['--org-id', '1001'];
      const result = await runCli(['token', 'create', ...orgArgs, ...args, '--data-dir', f.dataDir]);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    });
  }
});

describe('deskwire kapture config', () => {
  test(
    'shows the defaults, changes queues and sub-statuses, and the running server uses them',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const server = await f.serve('--demo');
      const shown = await runCliJson<{
        subStatuses: Array<{ key: string }>;
        queues: Array<{ key: string }>;
        ticketIdBase: number;
      }>(['kapture', 'config', '--org-id', String(DEMO_ORG), '--json', '--data-dir', f.dataDir]);
      assert.deepEqual(
        shown.subStatuses.map((s) => s.key),
        ['OP', 'IN', 'P', 'RS', 'CL', 'CRS'],
      );
      assert.equal(shown.ticketIdBase, 713516551005, "the demo's base: #143 is 713516551148");

      const changed = await runCli([
        'kapture',
        'config',
        '--org-id',
        String(DEMO_ORG),
        '--queue',
        'BILL:Billing desk',
        '--sub-status',
        'NEW:New:P:Open',
        '--sub-status',
        'DONE:Done:C:Closed',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(changed.code, 0, changed.stderr);
      assert.match(changed.stdout, /Queues: BILL \(Billing desk\)/);
      assert.match(changed.stdout, /DONE {3}Done \(C\) -> Closed/);

      const token = (
        await runCliJson<Issued>([
          'token',
          'create',
          '--org-id',
          String(DEMO_ORG),
          '--api',
          'update',
          '--json',
          '--data-dir',
          f.dataDir,
        ])
      ).token;
      const res = await kapture(server.url, UPDATE_PATH, token, [
        { ticket_id: SEED_TICKET_ID, queue: 'BILL', sub_status: 'DONE' },
      ]);
      assert.equal(res.status, 200, res.body.toString('utf8'));
      assert.equal(res.json().ticket.queueName, 'Billing desk');
      assert.equal(res.json().ticket.substatusName, 'Done');
      const old = await kapture(server.url, UPDATE_PATH, token, [{ ticket_id: SEED_TICKET_ID, queue: 'L1' }]);
      assert.equal(old.status, 400);
      assert.deepEqual(old.json(), { message: "Invalid queue 'L1'. Valid keys: BILL", status: 'failed' });

      const bad = await runCli([
        'kapture',
        'config',
        '--org-id',
        String(DEMO_ORG),
        '--sub-status',
        'X:Y:Z',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /is not KEY:Name:P\|C:Status/);
      const unknownStatus = await runCli([
        'kapture',
        'config',
        '--org-id',
        String(DEMO_ORG),
        '--sub-status',
        'X:Y:P:Nope',
        '--data-dir',
        f.dataDir,
      ]);
      assert.equal(unknownStatus.code, 1);
      assert.match(unknownStatus.stderr, /'Nope' is not a Status value of this tenant/);
    },
  );
});
