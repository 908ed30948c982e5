// SDK benchmarks over loopback sockets against an in-process Deskwire server.
//  1. Burst: CALLS concurrent reads through one LeadSquaredClient at a server allowed 25 calls per
//     5 s (the vendor's budget): wall time against the theoretical minimum, (ceil(CALLS/25) − 1) × 5 s.
//  2. Overhead: sequential L4 reads, bare fetch vs the SDK (limiter off), over loopback and with a
//     canned-response fetch (no network: only the SDK's own work, i.e. headers, the request seam,
//     JSON parse, schema validation), median of ROUNDS rounds.
// Usage: npm run build && node --import tsx bench/client-burst.ts   (SKIP_BURST=1 for part 2 only)
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeadSquaredClient } from '@deskwire/client';
import { buildApp, openDeskwire, seedDemo, updateTenant } from '@deskwire/server';

const CALLS = Number(process.env.CALLS ?? 200);
const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const MAX = 25;
const WINDOW_MS = 5000;

const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-client-bench-'));
const deskwire = await openDeskwire({ dataDir });
const demo = await seedDemo(deskwire);
const app = await buildApp(deskwire, { logLevel: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const host = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const keys = { accessKey: demo.accessKey, secretKey: demo.secretKey };

if (!process.env.SKIP_BURST) {
  await updateTenant({ orgId: demo.orgId, patch: { rateLimit: { max: MAX, windowMs: WINDOW_MS } } }, deskwire);
  let limited = 0;
  const lsq = new LeadSquaredClient({
    host,
    orgId: demo.orgId,
    ...keys,
    debug: (e) => {
      if (e.type === 'response' && e.status === 429) limited++;
    },
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: CALLS }, () => lsq.getTicket(143)));
  const elapsed = performance.now() - started;
  const minimum = (Math.ceil(CALLS / MAX) - 1) * WINDOW_MS;
  console.log(`burst: ${CALLS} reads at ${MAX} per ${WINDOW_MS / 1000} s over loopback`);
  console.log(
    `  ${(elapsed / 1000).toFixed(2)} s, theoretical minimum ${(minimum / 1000).toFixed(0)} s: ratio ${(elapsed / minimum).toFixed(4)}; 429s seen: ${limited}`,
  );
}

await updateTenant({ orgId: demo.orgId, patch: { rateLimit: { max: 1e9, windowMs: 1000 } } }, deskwire);
const url = `${host}/api/tenants/${demo.orgId}/tickets/143`;
const headers = { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey, accept: 'application/json' };
// The SDK's own cost, without a network or a server: every call answered at once with the real L4 body.
const body = await (await fetch(url, { headers })).text();
const canned: typeof fetch = async () =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const sdk = (options: { fetch?: typeof fetch; validateResponses?: boolean }) =>
  new LeadSquaredClient({ host, orgId: demo.orgId, ...keys, rateLimit: false, ...options });
const overLoopback = sdk({});
const overCanned = sdk({ fetch: canned });
const overCannedTrusting = sdk({ fetch: canned, validateResponses: false });

const cases: Array<[string, () => Promise<unknown>]> = [
  ['loopback: bare fetch + JSON.parse', async () => (await fetch(url, { headers })).json()],
  ['loopback: SDK getTicket', () => overLoopback.getTicket(143)],
  ['canned:   bare fetch + JSON.parse', async () => (await canned(url, { headers })).json()],
  ['canned:   SDK getTicket (validated)', () => overCanned.getTicket(143)],
  ['canned:   SDK getTicket (validateResponses: false)', () => overCannedTrusting.getTicket(143)],
];

async function microsPerCall(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await call();
  return Number(process.hrtime.bigint() - start) / 1e3 / REQUESTS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (const [, call] of cases) for (let i = 0; i < 50; i++) await call(); // warm up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, call] of cases) samples.get(name)?.push(await microsPerCall(call));
}
console.log(`overhead: ${REQUESTS} sequential L4 reads x ${ROUNDS} rounds (medians)`);
for (const [name, values] of samples) {
  const bare = median(samples.get(name.startsWith('loopback') ? (cases[0]?.[0] ?? '') : (cases[2]?.[0] ?? '')) ?? []);
  const m = median(values);
  const extra = m - bare;
  console.log(
    `  ${name.padEnd(52)} ${m.toFixed(1).padStart(8)} µs/call   ${extra >= 0 ? '+' : ''}${extra.toFixed(1)} µs vs bare fetch`,
  );
}

await app.close();
await deskwire.close();
await rm(dataDir, { recursive: true, force: true });
