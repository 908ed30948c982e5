// `deskwire export` throughput against the rate limit.
// A Deskwire server (built CLI, `serve --port 0 --admin-token`) limited to 25 calls per 5 s holds
// TICKETS tickets with two conversations each (seeded through the sandbox while the limit is high).
// The built `deskwire export --ids 1-TICKETS` then runs at the SDK's default LeadSquared limit (25/5 s).
// Each ticket costs two API calls (L4 + L5), so the theoretical maximum is 25 / 5 s / 2 = 2.5
// tickets per second; the first window's burst of 25 is free, so for N calls the minimum time is
// (ceil(N / 25) − 1) × 5 s. Target: at least 97% of that maximum.
// Usage: npm run build && node --import tsx bench/export.ts   (TICKETS=1000 default: ~7 minutes)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TICKETS = Number(process.env.TICKETS ?? 1000);
const MAX = 25;
const WINDOW_MS = 5000;
const ADMIN = 'bench-admin';
const ORG = 1001;
const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));

const dir = await mkdtemp(join(tmpdir(), 'deskwire-export-bench-'));
const server = spawn(
  process.execPath,
  [BIN, 'serve', '--port', '0', '--migrate', '--data-dir', join(dir, 'data'), '--admin-token', ADMIN],
  {
    stdio: ['ignore', 'pipe', 'ignore'],
  },
);
const base = await new Promise<string>((resolve) => {
  let out = '';
  server.stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
  });
});

async function sandbox(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/_deskwire${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

try {
  const tenant = await sandbox('POST', '/tenants', {
    orgId: ORG,
    name: 'Bench',
    rateLimit: { max: 100000, windowMs: 1000 },
  });
  for (let n = 1; n <= TICKETS; n++) {
    await sandbox('POST', `/tenants/${ORG}/tickets`, {
      lead: { email: `u${n % 50}@example.com` },
      fields: { Title: `T${n}` },
    });
    await sandbox('POST', `/tenants/${ORG}/tickets/${n}/conversations`, { type: 'InboundEmail', text: `Q${n}` });
    await sandbox('POST', `/tenants/${ORG}/tickets/${n}/conversations`, { type: 'OutboundEmail', text: `A${n}` });
  }
  await sandbox('PATCH', `/tenants/${ORG}`, { rateLimit: { max: MAX, windowMs: WINDOW_MS } });
  // Let the seeding's budget window pass before the timed run.
  await new Promise((r) => setTimeout(r, WINDOW_MS + 100));

  const started = performance.now();
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [BIN, 'export', '--ids', `1-${TICKETS}`, '--out', join(dir, 'out'), '--json', '--progress-interval', '30000'],
      {
        env: {
          ...process.env,
          DESKWIRE_CONFIG_DIR: join(dir, 'config'),
          DESKWIRE_VENDOR: 'leadsquared',
          DESKWIRE_HOST: base,
          DESKWIRE_ORG_ID: String(ORG),
          DESKWIRE_ACCESS_KEY: tenant.accessKey as string,
          DESKWIRE_SECRET_KEY: tenant.secretKey as string,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0) throw new Error(`export exited ${result.code}: ${result.stderr}`);
  const summary = JSON.parse(result.stdout) as { done: number; ticketsPerSecond: number; elapsedMs: number };
  const calls = TICKETS * 2;
  const minimum = (Math.ceil(calls / MAX) - 1) * (WINDOW_MS / 1000);
  const steady = MAX / (WINDOW_MS / 1000) / 2;
  const measured = TICKETS / (summary.elapsedMs / 1000);
  console.log(`tickets: ${summary.done}/${TICKETS}, ${calls} API calls at ${MAX} per ${WINDOW_MS / 1000} s`);
  console.log(
    `export time (inside the command): ${(summary.elapsedMs / 1000).toFixed(1)} s; process wall time ${seconds.toFixed(1)} s`,
  );
  console.log(
    `theoretical minimum ${minimum.toFixed(1)} s (${(TICKETS / minimum).toFixed(3)} tickets/s; steady state ${steady} tickets/s)`,
  );
  console.log(
    `measured ${measured.toFixed(3)} tickets/s = ${((100 * minimum) / (summary.elapsedMs / 1000)).toFixed(1)}% of the maximum (target >= 97%)`,
  );
} finally {
  server.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
}
