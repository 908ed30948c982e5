// Server throughput, in-process (Fastify inject, no sockets): each LeadSquared endpoint against the
// cheapest route (/healthz) measured in the same run, so the ratio says what the endpoint's own work
// costs whatever the machine's speed. Prints medians of ROUNDS rounds. Usage: npm run bench
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, openDeskwire, seedDemo, updateTenant } from '@deskwire/server';
import type { InjectOptions } from 'fastify';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const REQUESTS = Number(process.env.REQUESTS ?? 2000);

const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-bench-'));
const deskwire = await openDeskwire({ dataDir });
const demo = await seedDemo(deskwire);
await updateTenant({ orgId: demo.orgId, patch: { rateLimit: { max: 1e9, windowMs: 1000 } } }, deskwire);
const app = await buildApp(deskwire, { logLevel: false });
const headers = { 'x-lsq-access-key': demo.accessKey, 'x-lsq-secret-key': demo.secretKey };
const createBody = {
  TypeId: '1',
  LeadId: '330fba67-6795-46c2-9dad-077794077f70',
  Fields: [
    { SchemaName: 'Title', Value: 'Bench' },
    { SchemaName: 'Status', Value: 'Open' },
  ],
  RelatedTicketTypeId: 1,
};

type Inject = InjectOptions;
const cases: Array<[string, Inject]> = [
  ['GET /healthz (baseline)', { method: 'GET', url: '/healthz' }],
  ['L4 GET /tickets/143', { method: 'GET', url: '/api/tenants/22824/tickets/143', headers }],
  [
    'L5 POST /conversation/filter',
    {
      method: 'POST',
      url: '/api/tenants/22824/conversation/filter',
      headers,
      payload: { TicketId: 143, OrgId: 22824, ActivityType: ['InboundEmail'] },
    },
  ],
  ['L1 POST /tickets (create)', { method: 'POST', url: '/api/tenants/22824/tickets', headers, payload: createBody }],
  [
    'L6 POST /internalnote/upload',
    {
      method: 'POST',
      url: '/api/tenants/22824/internalnote/upload',
      headers,
      payload: { TextPart: 'n', ActivityType: 'CreateInternalNote', StorageType: 'Permament', RelatedTicketId: 143 },
    },
  ],
];

async function opsPerSecond(options: Inject): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) {
    const res = await app.inject(options);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  }
  return REQUESTS / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const results = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, options] of cases) results.get(name)?.push(await opsPerSecond(options));
}
const baseline = median(results.get(cases[0]?.[0] ?? '') ?? []);
console.log(`server throughput, in-process, ${REQUESTS} sequential requests x ${ROUNDS} rounds (medians)`);
for (const [name, samples] of results) {
  const m = median(samples);
  console.log(`${name.padEnd(32)} ${m.toFixed(0).padStart(7)} req/s   ${(m / baseline).toFixed(3)} x baseline`);
}
await app.close();
await deskwire.close();
await rm(dataDir, { recursive: true, force: true });
