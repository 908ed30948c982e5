// Two builds of Deskwire under the same load in alternating rounds: this checkout against another one
// (a `git archive` of an older commit with node_modules and `tsc -b` done), each serving its own freshly
// seeded store. On a machine shared with other work this is steadier than comparing two runs of
// `npm run bench`: drift hits both builds alike. Prints req/s medians and the per-round ratio, and the
// server's own CPU time per request (from /proc), which contention from other processes moves far less.
// Run: node --import tsx bench/ab-builds.ts <other-checkout> [l4,l5,k3,k3x50,l1,l6] [--postgres]
// Env: BENCH_ROUNDS (5), BENCH_DURATION (3), BENCH_CONNECTIONS (20), BENCH_PG_URL.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type ServerChild, startChild } from './lib/child.js';
import type { BenchData } from './lib/fixture.js';
import type { RequestSpec } from './lib/load.js';
import { load } from './lib/load.js';
import { cpuMicros } from './lib/process-cpu.js';
import { median } from './lib/stats.js';

type Fixture = typeof import('./lib/fixture.js');

const [otherArg, casesArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!otherArg) throw new Error('usage: ab-builds.ts <other-checkout> [l4,l5,k3,k3x50,l1,l6] [--postgres]');
const postgres = process.argv.includes('--postgres');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const options = {
  durationSec: Number(process.env.BENCH_DURATION ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 20),
};
const cases = (casesArg ?? 'l4').split(',');
const pgBase = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Build {
  name: string;
  root: string;
  fixture: Fixture;
}

async function database(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = `deskwire_ab_${name}_${process.pid}_${Date.now()}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: pgBase });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await run(`create database ${db}`);
  const url = new URL(pgBase);
  url.pathname = `/${db}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${db} with (force)`) };
}

/** A build's server on its own store, seeded by that build's own code (its migrations). */
async function start(build: Build): Promise<{ server: ServerChild; data: BenchData; done: () => Promise<void> }> {
  const db = postgres ? await database(build.name) : undefined;
  const data = await build.fixture.createBenchData(db ? { databaseUrl: db.url } : {});
  const server = await startChild(
    process.execPath,
    ['--import', 'tsx', resolve(build.root, 'bench/lib/app-server.ts'), data.dataDir, ...(db ? [db.url] : [])],
    /^(http:\/\/\S+)\s*$/m,
    { ...process.env, BENCH_MAX_FILE_BYTES: '0' },
  );
  return {
    server,
    data,
    done: async () => {
      await server.stop();
      await data.remove();
      await db?.drop();
    },
  };
}

async function spec(fixture: Fixture, data: BenchData, base: string, name: string): Promise<RequestSpec> {
  switch (name) {
    case 'l4':
      return fixture.getTicketSpec(data);
    case 'l5':
      return {
        method: 'POST',
        path: `/api/tenants/${fixture.ORG}/conversation/filter`,
        headers: { ...data.lsqHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ TicketId: fixture.SEED_TICKET, OrgId: fixture.ORG, ActivityType: ['InboundEmail'] }),
      };
    case 'k3':
      return fixture.kaptureSearchSpec(data, [fixture.SEED_KAPTURE_ID]);
    case 'k3x50': {
      // 49 more tickets, so the search names 50 that exist (ids are the seed's base + number).
      const extra = await fixture.createTickets(base, data, 49);
      const id = (n: number) => fixture.SEED_KAPTURE_ID - fixture.SEED_TICKET + n;
      return fixture.kaptureSearchSpec(data, [fixture.SEED_TICKET, ...extra].map(id));
    }
    case 'l1':
      return fixture.createTicketSpec(data);
    case 'l6':
      return {
        method: 'POST',
        path: `/api/tenants/${fixture.ORG}/internalnote/upload`,
        headers: { ...data.lsqHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({
          TextPart: 'Bench note',
          ActivityType: 'CreateInternalNote',
          StorageType: 'Permament',
          RelatedTicketId: fixture.SEED_TICKET,
        }),
      };
    default:
      throw new Error(`unknown case ${name}`);
  }
}

const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const other = resolve(otherArg);
const builds: [Build, Build] = [
  { name: 'this', root: here, fixture: await import('./lib/fixture.js') },
  { name: 'other', root: other, fixture: (await import(resolve(other, 'bench/lib/fixture.ts'))) as Fixture },
];
console.log(
  `A/B: ${here} (this) vs ${other} (other), ${postgres ? 'PostgreSQL' : 'SQLite'}, ${rounds} rounds × ${options.durationSec} s, ${options.connections} connections`,
);
for (const name of cases) {
  const a = await start(builds[0]);
  const b = await start(builds[1]);
  try {
    const sides = [
      { pid: a.server.pid, base: a.server.url, spec: await spec(builds[0].fixture, a.data, a.server.url, name) },
      { pid: b.server.pid, base: b.server.url, spec: await spec(builds[1].fixture, b.data, b.server.url, name) },
    ] as const;
    for (const side of sides) await load(side.base, side.spec, { ...options, durationSec: 1 }); // warm-up
    const rps: [number[], number[]] = [[], []];
    const cpu: [number[], number[]] = [[], []];
    for (let round = 0; round < rounds; round++) {
      for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const side = sides[i as 0 | 1];
        const before = await cpuMicros(side.pid);
        const result = await load(side.base, side.spec, options);
        rps[i as 0 | 1].push(result.rps);
        cpu[i as 0 | 1].push(((await cpuMicros(side.pid)) - before) / result.requests);
      }
    }
    const ratio = (xs: number[], ys: number[]) => xs.map((x, i) => x / (ys[i] ?? Number.NaN));
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
    console.log(
      `${name}: req/s this ${Math.round(median(rps[0]))}, other ${Math.round(median(rps[1]))}, ` +
        `this/other ${median(ratio(rps[0], rps[1])).toFixed(2)}× (rounds ${fmt(ratio(rps[0], rps[1]))}); ` +
        `server CPU per request this ${Math.round(median(cpu[0]))} µs, other ${Math.round(median(cpu[1]))} µs, ` +
        `this/other ${median(ratio(cpu[0], cpu[1])).toFixed(2)}× (rounds ${fmt(ratio(cpu[0], cpu[1]))})`,
    );
  } finally {
    await a.done();
    await b.done();
  }
}
