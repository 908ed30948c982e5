import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { DEMO_ORG, demoKeys, startServe, waitForStdoutLines } from './helpers/run-cli.js';
import { runWith } from './helpers/run-cli-env.js';

// Issue 15 items 2 and 3 through the built CLI: the demo's published keys answer this machine only unless
// the operator opts in (and is warned at every start); signing keys come from the environment or a file.

/** This machine's first non-loopback IPv4 address: a request to it arrives from a non-loopback address. */
const LAN_ADDRESS = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && !a.internal && a.family === 'IPv4')?.address;

const DEMO_HEADERS = {
  'x-lsq-access-key': 'u$rdeskwire-demo-22824',
  'x-lsq-secret-key': 'deskwire-demo-secret-not-for-production',
};

function portOf(url: string): string {
  return new URL(url).port;
}

async function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${url}/api/tenants/${DEMO_ORG}/tickets/143`, { headers: { ...DEMO_HEADERS, ...headers } });
  await res.arrayBuffer();
  return res.status;
}

test(
  'the demo keys answer loopback callers only, also after a restart without --demo; --demo-public lifts that and warns every start',
  { skip: LAN_ADDRESS === undefined ? 'no non-loopback IPv4 address on this machine' : false },
  async (t) => {
    const f = await fixture(t);
    const first = await startServe(['--data-dir', f.dataDir, '--demo', '--host', '0.0.0.0']);
    t.after(() => first.kill());
    const banner = (await waitForStdoutLines(first, 7)).join('\n');
    assert.match(banner, /answer callers on this machine only/);
    assert.deepEqual(demoKeys(banner), {
      accessKey: DEMO_HEADERS['x-lsq-access-key'],
      secretKey: DEMO_HEADERS['x-lsq-secret-key'],
    });
    const port = portOf(first.url);
    const local = `http://127.0.0.1:${port}`;
    const lan = `http://${LAN_ADDRESS}:${port}`;
    assert.equal(await status(local), 200, 'loopback: the demo works');
    assert.equal(await status(lan), 403, 'another address: refused');
    assert.equal(
      await status(local, { 'x-forwarded-for': '198.51.100.7' }),
      403,
      'through a proxy on this host: refused',
    );
    await first.stop();

    // Restarted without --demo: the tenant (and its keys) are still in the store, and still loopback-only.
    const second = await startServe(['--data-dir', f.dataDir, '--host', '0.0.0.0']);
    t.after(() => second.kill());
    const port2 = portOf(second.url);
    assert.equal(await status(`http://${LAN_ADDRESS}:${port2}`), 403);
    assert.equal(await status(`http://127.0.0.1:${port2}`), 200);
    assert.doesNotMatch(second.stderr(), /WARNING/);
    await second.stop();

    // The explicit opt-in, by flag and by variable: served to the network, with a warning at every start.
    for (const optIn of [['--demo-public'], []]) {
      const env = optIn.length === 0 ? { DESKWIRE_DEMO_PUBLIC: 'true' } : {};
      const open = await startServe(['--data-dir', f.dataDir, '--host', '0.0.0.0', ...optIn], { env });
      t.after(() => open.kill());
      await open.waitForStderr(/WARNING: --demo-public: the demo tenant 22824 answers its PUBLISHED Admin keys/);
      assert.equal(await status(`http://${LAN_ADDRESS}:${portOf(open.url)}`), 200);
      await open.stop();
    }
  },
);

test('DESKWIRE_SIGNING_KEY_FILE signs download links (kid in the URL); a short key is a usage error that does not echo it', async (t) => {
  const f = await fixture(t);
  const key = 'a'.repeat(64);
  const keyFile = join(f.dataDir, '..', `signing-key-${process.pid}-${Date.now()}`);
  await writeFile(keyFile, `${key}\n`, { mode: 0o600 });
  const server = await startServe(['--data-dir', f.dataDir, '--demo'], { env: { DESKWIRE_SIGNING_KEY_FILE: keyFile } });
  t.after(() => server.kill());
  await waitForStdoutLines(server, 7);
  const res = await fetch(`${server.url}/api/tenants/${DEMO_ORG}/conversation/filter`, {
    method: 'POST',
    headers: { ...DEMO_HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify({ TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail', 'OutboundEmail'] }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const kid = createHash('sha256')
    .update('deskwire-url-signing-key-id\n')
    .update(Buffer.from(key, 'hex'))
    .digest('hex')
    .slice(0, 8);
  assert.match(text, new RegExp(`"ContentPath":"[^"]*&kid=${kid}&signature=`));
  await server.stop();

  const refused = await runWith(
    ['tenant', 'update', '--data-dir', f.dataDir, '--org-id', String(DEMO_ORG), '--api-enabled', 'true'],
    { env: { DESKWIRE_SIGNING_KEY: 'too-short-secret' } },
  );
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /DESKWIRE_SIGNING_KEY: the key must be at least 32 bytes/);
  assert.ok(!refused.stderr.includes('too-short-secret'), 'the key is never echoed');
});
