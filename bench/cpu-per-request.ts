// Server CPU per request at one fixed request rate: Deskwire against the bare ceiling (bench/lib/ceiling-server.ts),
// a one-route Fastify app (bench/lib/framework-floor-server.ts) and, for L4, the rules floor on the same store
// (bench/lib/rules-floor-server.ts), all answering the same bytes, user and system
// time apart (Linux /proc). At the same rate every server reads, parses and writes the same HTTP traffic, so the
// differences are what Fastify and Deskwire's own code cost per request; a throughput ratio mixes that with who
// else is using the two cores. Rounds alternate between the servers; medians are printed.
// Run: node --import tsx bench/cpu-per-request.ts [l4|k3] [--postgres]
// Env: BENCH_RATE (req/s, 4000), BENCH_ROUNDS (3), BENCH_DURATION (4 s), BENCH_CONNECTIONS (20), BENCH_PG_URL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capture } from './lib/captured-response.js';
import { startCeiling } from './lib/ceiling-server.js';
import { type ServerChild, startChild } from './lib/child.js';
import { createBenchData, getTicketSpec, kaptureSearchSpec, SEED_KAPTURE_ID } from './lib/fixture.js';
import { startFrameworkFloor } from './lib/framework-floor-server.js';
import { load } from './lib/load.js';
import { createBenchDatabase } from './lib/pg-database.js';
import { cpuTimes } from './lib/process-cpu.js';
import { startRulesFloor } from './lib/rules-floor-server.js';
import { median } from './lib/stats.js';

const APP = fileURLToPath(new URL('./lib/app-server.ts', import.meta.url));
const which = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'l4';
const postgres = process.argv.includes('--postgres');
const rate = Number(process.env.BENCH_RATE ?? 4000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const durationSec = Number(process.env.BENCH_DURATION ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);

const database = postgres
  ? await createBenchDatabase(process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
  : undefined;
const data = await createBenchData(database ? { databaseUrl: database.url } : {});
const bodyDir = await mkdtemp(join(tmpdir(), 'deskwire-cpu-'));
const servers: ServerChild[] = [];
try {
  const app = await startChild(
    process.execPath,
    ['--import', 'tsx', APP, data.dataDir, ...(database ? [database.url] : [])],
    /^(http:\/\/\S+)\s*$/m,
  );
  servers.push(app);
  const spec = which === 'k3' ? kaptureSearchSpec(data, [SEED_KAPTURE_ID]) : getTicketSpec(data);
  const answer = await capture(app.url, spec);
  await writeFile(join(bodyDir, 'body'), answer.body);
  const ceiling = await startCeiling(answer.status, answer.contentType, join(bodyDir, 'body'));
  servers.push(ceiling);
  const floor = await startFrameworkFloor(answer.status, answer.contentType, join(bodyDir, 'body'));
  servers.push(floor);
  const sides = [
    {
      name: `Deskwire ${which}${postgres ? ' (PostgreSQL)' : ''}`,
      server: app,
      user: [] as number[],
      system: [] as number[],
    },
    { name: 'bare ceiling, same bytes', server: ceiling, user: [] as number[], system: [] as number[] },
    { name: 'Fastify, one route, same bytes', server: floor, user: [] as number[], system: [] as number[] },
  ];
  if (which === 'l4') {
    // The least work issue 14's rules ask, without a framework (rules-floor-server.ts): L4 only.
    const store = database?.url ?? join(data.dataDir, 'deskwire.db');
    const rules = await startRulesFloor(answer.status, answer.contentType, join(bodyDir, 'body'), store);
    servers.push(rules);
    sides.push({ name: 'rules floor, bare http', server: rules, user: [], system: [] });
  }
  for (const side of sides) await load(side.server.url, spec, { connections, durationSec: 1, rate }); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const side of sides) {
      const before = await cpuTimes(side.server.pid);
      const result = await load(side.server.url, spec, { connections, durationSec, rate });
      const after = await cpuTimes(side.server.pid);
      side.user.push((after.user - before.user) / result.requests);
      side.system.push((after.system - before.system) / result.requests);
    }
  }
  console.log(
    `${rate} req/s, ${connections} connections, ${rounds} rounds of ${durationSec} s; server CPU per request, medians:`,
  );
  for (const side of sides) {
    const user = median(side.user);
    const system = median(side.system);
    console.log(
      `  ${side.name}: ${(user + system).toFixed(1)} µs (user ${user.toFixed(1)}, system ${system.toFixed(1)}; ` +
        `rounds ${side.user.map((u, i) => (u + (side.system[i] ?? 0)).toFixed(0)).join(', ')})`,
    );
  }
  const [ours, bare, framework] = sides.map((s) => median(s.user) + median(s.system)) as [number, number, number];
  console.log(`  Deskwire / bare: ${(ours / bare).toFixed(2)}× the CPU per request`);
  console.log(
    `  Fastify floor / bare: ${(framework / bare).toFixed(2)}×; Deskwire / Fastify floor: ${(ours / framework).toFixed(2)}×`,
  );
  const rulesFloor = sides[3];
  if (rulesFloor) {
    const floorCpu = median(rulesFloor.user) + median(rulesFloor.system);
    console.log(
      `  rules floor / bare: ${(floorCpu / bare).toFixed(2)}×; Deskwire / rules floor: ${(ours / floorCpu).toFixed(2)}×`,
    );
  }
} finally {
  for (const server of servers) await server.stop();
  await data.remove();
  await rm(bodyDir, { recursive: true, force: true });
  await database?.drop();
}
