import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { DEMO_ORG, demoKeys, runCli, startServe, waitForStdoutLines } from './helpers/run-cli.js';
import { runWith, spawnCli } from './helpers/run-cli-env.js';

/**
 * Behind a load balancer every instance gets the same environment (docs/deploy.md, deploy/compose.yaml):
 * `DESKWIRE_PUBLIC_URL` and `DESKWIRE_TRUST_PROXY` must work without their flags.
 */
test('DESKWIRE_PUBLIC_URL and DESKWIRE_TRUST_PROXY configure serve like --public-url and --trust-proxy', async (t) => {
  const f = await fixture(t);
  // --demo-public: the demo keys are called through a (pretend) proxy below, which they otherwise refuse.
  const server = await startServe(['--data-dir', f.dataDir, '--demo', '--demo-public'], {
    env: { DESKWIRE_PUBLIC_URL: 'https://tickets.example.com', DESKWIRE_TRUST_PROXY: 'true' },
  });
  t.after(() => server.kill());
  const keys = demoKeys((await waitForStdoutLines(server, 7)).join('\n'));
  const headers = { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey };

  // Signed download links name the public address, not the socket the request arrived on.
  const conversations = await fetch(`${server.url}/api/tenants/${DEMO_ORG}/conversation/filter`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail', 'OutboundEmail'] }),
  });
  const text = await conversations.text();
  assert.equal(conversations.status, 200, text);
  assert.match(text, /"ContentPath":"https:\/\/tickets\.example\.com\/files\//);

  // With the proxy trusted, the allowlist judges the X-Forwarded-For address.
  const updated = await runCli([
    'tenant',
    'update',
    '--data-dir',
    f.dataDir,
    '--org-id',
    String(DEMO_ORG),
    '--ip-allowlist',
    '203.0.113.0/24',
  ]);
  assert.equal(updated.code, 0, updated.stderr);
  const allowed = await fetch(`${server.url}/api/tenants/${DEMO_ORG}/tickets/143`, {
    headers: { ...headers, 'x-forwarded-for': '203.0.113.7' },
  });
  assert.equal(allowed.status, 200);
  const refused = await fetch(`${server.url}/api/tenants/${DEMO_ORG}/tickets/143`, {
    headers: { ...headers, 'x-forwarded-for': '198.51.100.7' },
  });
  assert.equal(refused.status, 403);
});

test('--trust-proxy as a hop count or proxy CIDRs: a client cannot forge its address with its own X-Forwarded-For', async (t) => {
  for (const setting of ['1', '127.0.0.1/32,::1']) {
    const f = await fixture(t);
    const server = await startServe(['--data-dir', f.dataDir, '--demo', '--demo-public'], {
      env: { DESKWIRE_TRUST_PROXY: setting },
    });
    t.after(() => server.kill());
    const keys = demoKeys((await waitForStdoutLines(server, 7)).join('\n'));
    const headers = { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey };
    const updated = await runCli([
      'tenant',
      'update',
      '--data-dir',
      f.dataDir,
      '--org-id',
      String(DEMO_ORG),
      '--ip-allowlist',
      '203.0.113.0/24',
    ]);
    assert.equal(updated.code, 0, updated.stderr);
    const get = (forwardedFor: string) =>
      fetch(`${server.url}/api/tenants/${DEMO_ORG}/tickets/143`, {
        headers: { ...headers, 'x-forwarded-for': forwardedFor },
      }).then((r) => r.status);
    // The balancer appends the address it saw; what the client sent stands to its left.
    assert.equal(await get('198.51.100.9, 203.0.113.7'), 200, `${setting}: the balancer saw an allowed address`);
    assert.equal(await get('203.0.113.7, 198.51.100.7'), 403, `${setting}: a forged allowed address is ignored`);
    await server.kill();
  }
});

test('a --trust-proxy value that is no boolean, hop count or CIDR list is a usage error', async () => {
  const result = await runCli(['serve', '--port', '0', '--trust-proxy', '10.0.0.0/99']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /10\.0\.0\.0\/99/);
});

test('a --shutdown-grace longer than a Node timer holds is refused, not turned into no grace at all', async () => {
  const result = await runCli(['serve', '--port', '0', '--shutdown-grace', '2147483648']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /longer than a timer holds/);
});

test('DESKWIRE_MIGRATE takes any boolean spelling (true), and a malformed one is a usage error naming it', async (t) => {
  const f = await fixture(t);
  const bad = await runWith(['serve', '--port', '0', '--data-dir', f.dataDir], { env: { DESKWIRE_MIGRATE: 'maybe' } });
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /DESKWIRE_MIGRATE: 'maybe' is not true or false/);

  const child = spawnCli(['serve', '--port', '0', '--data-dir', f.dataDir], { DESKWIRE_MIGRATE: 'true' });
  t.after(() => child.kill('SIGKILL'));
  const firstLine = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code} before its URL:\n${err}`)));
  });
  assert.match(firstLine, /^http:\/\/127\.0\.0\.1:\d+$/, 'a fresh data dir was migrated and served');
});
