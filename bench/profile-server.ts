// Where a request's CPU goes: the server (`buildApp().listen()` in a child, `node --cpu-prof`) under
// autocannon load for one case, then the profile summed by function and by package.
// Run: node --import tsx bench/profile-server.ts [l4|l5|k3|k3x50|l1|l6] [--postgres]
// Env: DURATION (seconds, 8), CONNECTIONS (20), TOP (rows, 30), BENCH_PG_URL. Writes the .cpuprofile
// (open it in Chrome DevTools) to the temporary directory it prints.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startChild } from './lib/child.js';
import {
  type BenchData,
  createBenchData,
  createTicketSpec,
  createTickets,
  getTicketSpec,
  kaptureSearchSpec,
  noteSpec,
  ORG,
  SEED_KAPTURE_ID,
  SEED_TICKET,
} from './lib/fixture.js';
import { load, type RequestSpec } from './lib/load.js';

const APP = fileURLToPath(new URL('./lib/app-server.ts', import.meta.url));
const which = process.argv[2] ?? 'l4';
const postgres = process.argv.includes('--postgres');
const duration = Number(process.env.DURATION ?? 8);
const connections = Number(process.env.CONNECTIONS ?? 20);
const top = Number(process.env.TOP ?? 30);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

async function main(): Promise<void> {
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (postgres) {
    const base = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const name = `deskwire_profile_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const again = new pg.Client({ connectionString: base });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    };
  }
  const data = await createBenchData(databaseUrl === undefined ? {} : { databaseUrl });
  const profileDir = await mkdtemp(join(tmpdir(), 'deskwire-profile-'));
  const args = ['--cpu-prof', '--cpu-prof-dir', profileDir, '--import', 'tsx', APP, data.dataDir];
  if (databaseUrl) args.push(databaseUrl);
  const server = await startChild(process.execPath, args, /^(http:\/\/\S+)\s*$/m);
  try {
    const spec = await specFor(which, server.url, data);
    await load(server.url, spec, { connections, durationSec: 2 }); // warm-up, in the profile too (small)
    const result = await load(server.url, spec, { connections, durationSec: duration });
    console.log(`${which}${postgres ? ' (PostgreSQL)' : ''}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms`);
  } finally {
    await server.stop();
    await data.remove();
    await dropDatabase?.();
  }
  const [file] = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${profileDir}`);
  summarize(JSON.parse(await readFile(join(profileDir, file), 'utf8')) as { nodes: ProfileNode[] });
  console.log(`profile: ${join(profileDir, file)}`);
}

async function specFor(name: string, base: string, data: BenchData): Promise<RequestSpec> {
  switch (name) {
    case 'l4':
      return getTicketSpec(data);
    case 'l5':
      return {
        method: 'POST',
        path: `/api/tenants/${ORG}/conversation/filter`,
        headers: { ...data.lsqHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ TicketId: SEED_TICKET, OrgId: ORG, ActivityType: ['InboundEmail'] }),
      };
    case 'k3':
      return kaptureSearchSpec(data, [SEED_KAPTURE_ID]);
    case 'k3x50': {
      const extra = await createTickets(base, data, 49);
      return kaptureSearchSpec(
        data,
        [SEED_TICKET, ...extra].map((n) => SEED_KAPTURE_ID - SEED_TICKET + n),
      );
    }
    case 'l1':
      return createTicketSpec(data);
    case 'l6':
      return noteSpec(data);
    default:
      throw new Error(`unknown case ${name}: l4, l5, k3, k3x50, l1, l6`);
  }
}

/** Self time by function and by where the code lives (our files, each dependency, Node, GC/idle). */
function summarize(profile: { nodes: ProfileNode[] }): void {
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '');
    const fn = `${functionName || '(anonymous)'} ${shortPath(file)}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    byPlace.set(place(file, functionName), (byPlace.get(place(file, functionName)) ?? 0) + hits);
  }
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  print('self time by place', byPlace);
  print('self time by function', byFunction);
}

function shortPath(file: string): string {
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length);
  const pkg = file.indexOf('/packages/');
  return pkg >= 0 ? file.slice(pkg + 1) : file;
}

function place(file: string, functionName: string): string {
  if (!file) return functionName.startsWith('(') ? functionName : '(native)';
  if (file.startsWith('node:')) return 'node core';
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? file);
  }
  return shortPath(file);
}

await main();
