// SQLite durability levels (docs/benchmarks.md "SQLite durability"): L1 creates per second, in-process
// (Fastify inject, no sockets), for each `synchronous` level in the same run. Rounds alternate between the
// levels so that a change in the machine's load hits them alike; prints the median of ROUNDS rounds.
// Usage: npm run build && node --import tsx bench/sqlite-durability.ts   (ROUNDS=5 CREATES=400 CONCURRENCY=8)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, openDeskwire, type SqliteSynchronous, seedDemo, updateTenant } from '@deskwire/server';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CREATES = Number(process.env.CREATES ?? 400);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const LEVELS: SqliteSynchronous[] = ['normal', 'full', 'extra'];

const body = {
  TypeId: '1',
  LeadId: '330fba67-6795-46c2-9dad-077794077f70',
  Fields: [
    { SchemaName: 'Title', Value: 'Bench' },
    { SchemaName: 'Status', Value: 'Open' },
  ],
  RelatedTicketTypeId: 1,
};

/** One round: a fresh data dir at `level`, CREATES L1 creates from CONCURRENCY workers; creates per second. */
async function round(level: SqliteSynchronous): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-bench-sync-'));
  const deskwire = await openDeskwire({ dataDir, sqliteSynchronous: level });
  try {
    const demo = await seedDemo(deskwire);
    await updateTenant({ orgId: demo.orgId, patch: { rateLimit: { max: 1e9, windowMs: 1000 } } }, deskwire);
    const app = await buildApp(deskwire, { logLevel: false });
    const headers = { 'x-lsq-access-key': demo.accessKey, 'x-lsq-secret-key': demo.secretKey };
    let left = CREATES;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (left-- > 0) {
          const res = await app.inject({
            method: 'POST',
            url: `/api/tenants/${demo.orgId}/tickets`,
            headers,
            payload: body,
          });
          if (res.statusCode !== 200) throw new Error(`create answered ${res.statusCode}: ${res.body}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await app.close();
    return CREATES / seconds;
  } finally {
    await deskwire.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results = new Map<SqliteSynchronous, number[]>(LEVELS.map((level) => [level, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const level of LEVELS) results.get(level)?.push(await round(level));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const full = median(results.get('full') ?? []);
console.log(`| synchronous | L1 creates/s (median of ${ROUNDS}) | vs FULL | rounds |`);
console.log('|---|---|---|---|');
for (const level of LEVELS) {
  const values = results.get(level) ?? [];
  const m = median(values);
  console.log(
    `| ${level.toUpperCase()} | ${m.toFixed(0)} | ${(m / full).toFixed(2)}× | ${values.map((v) => v.toFixed(0)).join(', ')} |`,
  );
}
