import {
  buildApp,
  type Deskwire,
  openDeskwire,
  type StorageAdapter,
  storageAdapterFor,
  type TicketListQuery,
} from '@deskwire/server';
import { type Kysely, sql } from 'kysely';
import { bulkLoad, type LoadState, loadState } from '../lib/batch-load.js';
import { random, vocabulary } from '../lib/corpus.js';
import { createBenchData, createBody, ORG } from '../lib/fixture.js';
import { createBenchDatabase } from '../lib/pg-database.js';
import { median, percentile } from '../lib/stats.js';

export type Engine = 'sqlite' | 'postgres';

export interface SearchBenchOptions {
  engines: readonly Engine[];
  /** Store sizes to measure at, ascending: the store grows from one to the next. */
  sizes: readonly number[];
  /** Timed queries per case and size. */
  samples: number;
  /** L1 creates per round of the write-cost comparison, and rounds (alternating on/off). */
  creates: number;
  rounds: number;
  pgUrl: string;
  log?: (line: string) => void;
}

export interface LatencyRow {
  engine: Engine;
  size: number;
  case: string;
  p50: number;
  p95: number;
  /** Tickets the case returned on its first sample (a sanity check: a search that finds nothing measures nothing). */
  found: number;
}

export interface WriteCostRow {
  engine: Engine;
  /** Median over rounds of each round's p50 L1 create latency, ms. */
  withIndex: number;
  withoutIndex: number;
  rounds: { withIndex: number[]; withoutIndex: number[] };
}

export interface SearchBenchResult {
  latency: LatencyRow[];
  writeCost: WriteCostRow[];
}

/**
 * List and search latency (p50/p95) at each store size on each engine, and what keeping the search
 * index costs an L1 create (same store, indexing on and off, rounds alternating), in one run.
 */
export async function runSearchBench(options: SearchBenchOptions): Promise<SearchBenchResult> {
  const log = options.log ?? (() => {});
  const result: SearchBenchResult = { latency: [], writeCost: [] };
  for (const engine of options.engines) {
    const database = engine === 'postgres' ? await createBenchDatabase(options.pgUrl) : undefined;
    const data = await createBenchData(database ? { databaseUrl: database.url } : {});
    const location = { dataDir: data.dataDir, ...(database && { databaseUrl: database.url }) };
    const deskwire = await openDeskwire(location);
    const adapter: StorageAdapter = storageAdapterFor(location);
    // biome-ignore lint/suspicious/noExplicitAny: see bench/lib/batch-load.ts
    const raw = adapter.connect() as Kysely<any>;
    try {
      // The write cost first, on the fresh demo store, so that a run cut short at a big size still has it.
      const cost = await writeCost(location, data.lsqHeaders, engine, options);
      result.writeCost.push(cost);
      log(
        `${engine}: L1 create p50 ${cost.withIndex.toFixed(2)} ms with the index, ${cost.withoutIndex.toFixed(2)} ms without`,
      );
      const first = await deskwire.storage.transaction((tx) => tx.tenants.allocateTicketNumber(ORG));
      const state = loadState(ORG, first + 1);
      let loaded = 0;
      for (const size of options.sizes) {
        const t0 = performance.now();
        await bulkLoad(raw, deskwire.storage, state, size - loaded);
        loaded = size;
        log(`${engine}: ${size} tickets loaded (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        // What autovacuum does soon after a bulk load, done before measuring: planner statistics, and hint
        // bits set on every new row, which the first query to read a row otherwise sets and writes back
        // (the first search cases then paid for the whole load's rows; a running desk never does).
        if (engine === 'postgres') {
          await sql`vacuum analyze`.execute(raw);
          log(`  ${await prewarmSearchTable(raw)}`);
        }
        for (const row of await measure(deskwire, state, engine, size, options.samples, first + 1)) {
          result.latency.push(row);
          log(`  ${row.case}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms (${row.found} found)`);
        }
      }
    } finally {
      await raw.destroy().catch(() => {});
      await deskwire.close().catch(() => {});
      await data.remove();
      await database?.drop();
    }
  }
  return result;
}

/**
 * A running server's buffers, not a fresh load's: reads `ticket_search` (the rows relevance reads one of per
 * match) into PostgreSQL's shared buffers with its own `pg_prewarm`, as a server that has run for a while holds
 * them when they fit (or after a restart, with `pg_prewarm` in `shared_preload_libraries`, as
 * deploy/compose.yaml sets). When they do not fit, the buffers keep only the last pages read, as on that server.
 */
// biome-ignore lint/suspicious/noExplicitAny: see bench/lib/batch-load.ts
async function prewarmSearchTable(raw: Kysely<any>): Promise<string> {
  try {
    await sql`create extension if not exists pg_prewarm`.execute(raw);
    const { rows } = await sql<{ pages: number }>`select pg_prewarm('ticket_search') as pages`.execute(raw);
    return `pg_prewarm: ${rows[0]?.pages} pages of ticket_search read into shared buffers`;
  } catch (error) {
    return `pg_prewarm unavailable, measuring without it (${(error as Error).message})`;
  }
}

/** One timed case: the query of call `i`, and the calls that warm up before timing. */
interface BenchCase {
  name: string;
  query: (i: number) => Omit<TicketListQuery, 'orgId'>;
  warmUp: Array<Omit<TicketListQuery, 'orgId'>>;
}

/**
 * The queries a desk runs, each with varying parameters so caches do not flatter them: every timed search runs
 * a word pair of its own, which no warm-up, earlier call or earlier case ran (the warm-up uses other pairs).
 */
function cases(
  state: LoadState,
  size: number,
  /** The first bulk-loaded ticket's number. */
  first: number,
  samples: number,
): BenchCase[] {
  const words = vocabulary();
  // Mid-frequency words (ranks 60–400): each in a few percent of tickets, a pair in a fraction of one.
  const rand = random(size);
  const used = new Set<string>();
  const freshPairs = (count: number) => {
    const pairs: string[] = [];
    while (pairs.length < count) {
      const pair = `${words[60 + Math.floor(rand() * 340)]} ${words[60 + Math.floor(rand() * 340)]}`;
      if (!used.has(pair)) pairs.push(pair);
      used.add(pair);
    }
    return pairs;
  };
  const agent = (i: number) => state.agents[i % state.agents.length] as string;
  const plain = (name: string, query: BenchCase['query']): BenchCase => ({
    name,
    query,
    warmUp: [1000, 1001, 1002].map(query),
  });
  const search = (name: string, options: Omit<TicketListQuery, 'orgId' | 'text'>): BenchCase => {
    const pairs = freshPairs(samples);
    const warmPairs = freshPairs(16);
    return {
      name,
      query: (i) => ({ text: pairs[i % pairs.length] as string, ...options }),
      warmUp: warmPairs.map((text) => ({ text, ...options })),
    };
  };
  return [
    plain('list: newest updated, 25', () => ({})),
    plain('filtered list: status Open + assignee', (i) => ({ status: ['Open'], assigneeIds: [agent(i)] })),
    plain('filtered list: priority sort + channel + tag', (i) => ({
      sort: 'priority',
      channel: ['Email'],
      tags: [['vip', 'billing', 'refund'][i % 3] as string],
    })),
    // As `/api/v1` asks (every caller there is an agent or admin): notes included.
    search('search: two words (relevance)', { includeNotes: true }),
    search('search: two words, newest first', { includeNotes: true, sort: 'updated' }),
    search('search: two words (relevance), without notes', {}),
    plain('search: #number (direct)', (i) => ({ text: `#${first + ((i * 7919) % size)}` })),
  ];
}

async function measure(
  deskwire: Deskwire,
  state: LoadState,
  engine: Engine,
  size: number,
  samples: number,
  first: number,
): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const c of cases(state, size, first, samples)) {
    // Warm-up: plans and the code path, as on a running server (never with a timed word pair).
    for (const query of c.warmUp) await deskwire.storage.ticketSearch.list({ orgId: ORG, ...query });
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      const page = await deskwire.storage.ticketSearch.list({ orgId: ORG, ...c.query(i) });
      times.push(performance.now() - t0);
      if (i === 0) found = page.tickets.length;
    }
    rows.push({ engine, size, case: c.name, p50: percentile(times, 50), p95: percentile(times, 95), found });
  }
  return rows;
}

/** L1 creates through the HTTP app (Fastify inject), alternating rounds with the index kept and not. */
async function writeCost(
  location: { dataDir: string; databaseUrl?: string },
  headers: Record<string, string>,
  engine: Engine,
  options: SearchBenchOptions,
): Promise<WriteCostRow> {
  const rounds = { withIndex: [] as number[], withoutIndex: [] as number[] };
  for (let r = 0; r < options.rounds; r++) {
    for (const indexing of [true, false]) {
      const deskwire = await openDeskwire({ ...location, searchIndexing: indexing });
      const app = await buildApp(deskwire, { logLevel: false });
      try {
        const times: number[] = [];
        for (let i = 0; i < options.creates + 5; i++) {
          const t0 = performance.now();
          const res = await app.inject({
            method: 'POST',
            url: `/api/tenants/${ORG}/tickets`,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: JSON.stringify(createBody(`Printer on floor ${i} jams after the firmware update`)),
          });
          if (res.statusCode !== 200) throw new Error(`L1 create answered ${res.statusCode}: ${res.body}`);
          if (i >= 5) times.push(performance.now() - t0);
        }
        (indexing ? rounds.withIndex : rounds.withoutIndex).push(percentile(times, 50));
      } finally {
        await app.close();
        await deskwire.close();
      }
    }
  }
  return { engine, withIndex: median(rounds.withIndex), withoutIndex: median(rounds.withoutIndex), rounds };
}
