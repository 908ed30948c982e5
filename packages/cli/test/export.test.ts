import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { runWith, spawnCli } from './helpers/run-cli-env.js';

const ADMIN = 'export-test-admin';
const ORG = 1001;
const TICKETS = 48;

/** A tenant with `TICKETS` tickets (two conversations each, a file on every 8th), via the sandbox. */
async function seed(base: string): Promise<{ accessKey: string; secretKey: string }> {
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${base}/_deskwire${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const tenant = await call('POST', '/tenants', {
    orgId: ORG,
    name: 'Export test',
    rateLimit: { max: 1000, windowMs: 1000 },
  });
  for (let n = 1; n <= TICKETS; n++) {
    await call('POST', `/tenants/${ORG}/tickets`, {
      lead: { email: `user${n % 7}@example.com` },
      fields: { Title: `Ticket ${n}` },
    });
    await call('POST', `/tenants/${ORG}/tickets/${n}/conversations`, {
      type: 'InboundEmail',
      text: `Question ${n}`,
      ...(n % 8 === 0 && {
        attachments: [
          { fileName: `file-${n}.txt`, contentBase64: Buffer.from(`attachment ${n % 16}`).toString('base64') },
        ],
      }),
    });
    await call('POST', `/tenants/${ORG}/tickets/${n}/conversations`, { type: 'OutboundEmail', text: `Answer ${n}` });
  }
  return { accessKey: tenant.accessKey as string, secretKey: tenant.secretKey as string };
}

test('export: SIGKILL midway, then a re-run completes with every ticket exactly once', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--admin-token', ADMIN);
  const keys = await seed(server.url);
  const env = {
    DESKWIRE_CONFIG_DIR: join(f.dataDir, 'config'),
    DESKWIRE_VENDOR: 'leadsquared',
    DESKWIRE_HOST: server.url,
    DESKWIRE_ORG_ID: String(ORG),
    DESKWIRE_ACCESS_KEY: keys.accessKey,
    DESKWIRE_SECRET_KEY: keys.secretKey,
  };
  const out = join(f.dataDir, 'export');
  const idsFile = join(f.dataDir, 'ids.txt');
  await writeFile(idsFile, `1-${TICKETS + 4}\n`); // 4 ids past the end: missing
  const args = ['export', '--ids-file', idsFile, '--out', out, '--rate', '30/1s', '--progress-interval', '200'];

  // First run: killed once some tickets are journaled.
  const child = spawnCli(args, env);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await readFile(join(out, 'state.jsonl'), 'utf8').catch(() => '');
    if (state.split('\n').length > 12) break;
    assert.ok(Date.now() < deadline, `no progress:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  await exited;
  assert.match(stderr, /done \d+ missing \d+ failed 0/); // plain progress lines on a pipe
  const partial = (await readFile(join(out, 'tickets.jsonl'), 'utf8')).split('\n').filter(Boolean).length;
  assert.ok(partial < TICKETS, `the first run finished before the kill (${partial})`);

  // Second run: resumes.
  const report = join(f.dataDir, 'report.json');
  const rerun = await runWith([...args, '--report', report, '--json'], { env, timeoutMs: 30_000 });
  assert.equal(rerun.code, 0, rerun.stderr);
  const summary = JSON.parse(rerun.stdout);
  assert.ok(summary.skipped >= 12, JSON.stringify(summary));
  assert.equal(summary.failed, 0);

  const lines = (await readFile(join(out, 'tickets.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const ids = lines.map((l) => l.id as string).sort((a, b) => Number(a) - Number(b));
  assert.deepEqual(
    ids,
    Array.from({ length: TICKETS }, (_, i) => String(i + 1)),
  );
  for (const line of lines) {
    assert.equal(line.ticket.title, `Ticket ${line.id}`);
    assert.equal(line.conversations.length, 2);
  }
  // Attachments: content-addressed and verified.
  const withFile = lines.find((l) => l.id === '8');
  const attachment = withFile.conversations[0].attachments[0];
  const bytes = await readFile(join(out, attachment.file));
  assert.equal(attachment.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(bytes.toString(), 'attachment 8');

  const written = JSON.parse(await readFile(report, 'utf8'));
  assert.equal(written.results.length, TICKETS + 4);
  assert.deepEqual(
    written.results
      .filter((r: { status: string }) => r.status === 'missing')
      .map((r: { id: string }) => r.id)
      .sort(),
    ['49', '50', '51', '52'],
  );

  // A third run has nothing to do: missing ids are not retried, done ones not written again.
  const third = await runWith([...args, '--json'], { env });
  assert.equal(third.code, 0, third.stderr);
  assert.equal(JSON.parse(third.stdout).skipped, TICKETS + 4);
  assert.equal((await readFile(join(out, 'tickets.jsonl'), 'utf8')).split('\n').filter(Boolean).length, TICKETS);
});

test('export: usage errors, and an auth failure stops the run', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--demo');
  const env = {
    DESKWIRE_CONFIG_DIR: join(f.dataDir, 'config'),
    DESKWIRE_VENDOR: 'leadsquared',
    DESKWIRE_HOST: server.url,
    DESKWIRE_ORG_ID: '22824',
    DESKWIRE_ACCESS_KEY: 'u$rdeskwire-demo-22824',
    DESKWIRE_SECRET_KEY: 'deskwire-demo-secret-not-for-production',
  };
  assert.equal((await runWith(['export', '--out', f.dataDir], { env })).code, 2);
  assert.equal((await runWith(['export', '--ids', '5-1', '--out', f.dataDir], { env })).code, 2);
  const out = join(f.dataDir, 'x');
  // A wrong key stops the whole run with the auth exit code, leaving the ids for the next run.
  const denied = await runWith(['export', '--ids', '143', '--out', out], {
    env: { ...env, DESKWIRE_SECRET_KEY: 'wrong' },
  });
  assert.equal(denied.code, 3, denied.stderr);
  const ok = await runWith(['export', '--ids', '142-143', '--out', out, '--json'], { env });
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(
    { done: JSON.parse(ok.stdout).done, missing: JSON.parse(ok.stdout).missing },
    { done: 1, missing: 1 },
  );
});
