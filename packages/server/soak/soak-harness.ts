import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_LEAD, DEMO_ORG, lsqHeaders, prepareDemoDataDir, runCli, startServe } from './serve-child.js';
import { leastSquaresSlope, type Point, percentile } from './slope.js';

export interface SoakOptions {
  /** How long the traffic runs. */
  seconds: number;
  /** Requests started per second, on a fixed schedule (open loop: a slow answer does not slow the sender). */
  rate: number;
  /** Seconds between samples of memory and latency. */
  sampleSeconds: number;
  /** Samples in the first `warmupSeconds` are reported but left out of the slopes (JIT, caches, pools). */
  warmupSeconds: number;
}

export interface SoakSample {
  /** Seconds since the traffic started. */
  t: number;
  rssMb: number;
  /** The server's V8 heap in use, from its /metrics (absent when the build has none). */
  heapMb: number | null;
  requests: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface SoakResult {
  options: SoakOptions;
  startedAt: string;
  requests: number;
  /** Requests by HTTP status; `error` counts requests that got no answer (connection failures, timeouts). */
  statuses: Record<string, number>;
  errors: number;
  serverErrors: number;
  byOperation: Record<string, { count: number; p50Ms: number | null; p99Ms: number | null }>;
  samples: SoakSample[];
  startRssMb: number;
  endRssMb: number;
  slopes: {
    rssMbPerMin: number | null;
    heapMbPerMin: number | null;
    p50MsPerMin: number | null;
    p99MsPerMin: number | null;
  };
  /** The first few unexpected answers, for diagnosis. */
  unexpected: string[];
}

const KAP_ID_143 = '713516551148';

interface Op {
  name: string;
  weight: number;
  run: (ctx: Ctx) => Promise<Response>;
}

interface Ctx {
  url: string;
  tokens: { get: string; add: string; update: string };
  /** Numbers of tickets the soak created, for reads and notes on fresh tickets. */
  created: number[];
}

const json = { 'content-type': 'application/json' };
const lsq = (ctx: Ctx, path: string) => `${ctx.url}/api/tenants/${DEMO_ORG}${path}`;
const pick = (ctx: Ctx) => ctx.created[Math.floor(Math.random() * ctx.created.length)] ?? 143;
const kap = (ctx: Ctx, path: string, token: string, body: unknown) =>
  fetch(`${ctx.url}${path}`, {
    method: 'POST',
    headers: { ...json, authorization: `Basic ${token}` },
    body: JSON.stringify(body),
  });

/** The traffic mix: mostly reads, as a help desk integration is. */
const OPS: Op[] = [
  { name: 'L4 get #143', weight: 25, run: (c) => fetch(lsq(c, '/tickets/143'), { headers: lsqHeaders() }) },
  { name: 'L4 get fresh', weight: 10, run: (c) => fetch(lsq(c, `/tickets/${pick(c)}`), { headers: lsqHeaders() }) },
  {
    name: 'L5 conversations',
    weight: 15,
    run: (c) =>
      fetch(lsq(c, '/conversation/filter'), {
        method: 'POST',
        headers: { ...lsqHeaders(), ...json },
        body: JSON.stringify({
          TicketId: 143,
          OrgId: DEMO_ORG,
          ActivityType: ['InboundEmail', 'OutboundEmail', 'PortalInbound'],
        }),
      }),
  },
  {
    name: 'L1 create',
    weight: 10,
    run: (c) =>
      fetch(lsq(c, '/tickets'), {
        method: 'POST',
        headers: { ...lsqHeaders(), ...json },
        body: JSON.stringify({
          TypeId: '1',
          LeadId: DEMO_LEAD,
          Fields: [
            { SchemaName: 'Title', Value: `soak ${randomUUID()}` },
            { SchemaName: 'Description', Value: 'soak traffic' },
          ],
          RelatedTicketTypeId: 1,
        }),
      }),
  },
  {
    name: 'L6 note',
    weight: 10,
    run: (c) =>
      fetch(lsq(c, '/internalnote/upload'), {
        method: 'POST',
        headers: { ...lsqHeaders(), ...json },
        body: JSON.stringify({
          TextPart: `soak note ${randomUUID()}`,
          ActivityType: 'CreateInternalNote',
          StorageType: 'Permament',
          RelatedTicketId: pick(c),
        }),
      }),
  },
  {
    name: 'K3 get',
    weight: 15,
    run: (c) =>
      kap(c, '/search-ticket-by-ticket-id.html/v.2.0', c.tokens.get, {
        ticket_ids: KAP_ID_143,
        conversation_type: 'all',
      }),
  },
  {
    name: 'K1 add',
    weight: 8,
    run: (c) =>
      kap(c, '/add-ticket-from-other-source.html/v.2.0', c.tokens.add, [
        { title: `soak kapture ${randomUUID()}`, ticket_details: 'soak traffic', email_id: 'soak@example.com' },
      ]),
  },
  {
    name: 'K2 update',
    weight: 7,
    run: (c) =>
      kap(c, '/update-ticket-from-other-source.html/v.2.0', c.tokens.update, [
        { ticket_id: String(713516551005 + pick(c)), comment: `soak comment ${randomUUID()}` },
      ]),
  },
];
const TOTAL_WEIGHT = OPS.reduce((s, o) => s + o.weight, 0);

function chooseOp(): Op {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const op of OPS) {
    r -= op.weight;
    if (r < 0) return op;
  }
  return OPS[0] as Op;
}

/** Resident set size of a process, from Linux's /proc (the harness runs where `npm test` does). */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function heapMb(url: string): Promise<number | null> {
  try {
    const res = await fetch(`${url}/metrics`);
    if (res.status !== 200) return null;
    const value = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(await res.text())?.[1];
    return value === undefined ? null : Number(value) / 2 ** 20;
  } catch {
    return null;
  }
}

const round = (v: number | undefined | null, digits = 3) =>
  v === undefined || v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

/** Runs `deskwire serve` on a fresh data dir under a fixed rate of mixed traffic, sampling as it goes. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-soak-'));
  try {
    await prepareDemoDataDir(dataDir);
    const token = (api: string) =>
      (
        JSON.parse(
          runCli(['token', 'create', '--org-id', String(DEMO_ORG), '--api', api, '--data-dir', dataDir, '--json']),
        ) as { token: string }
      ).token;
    const tokens = { get: token('get'), add: token('add'), update: token('update') };
    const server = await startServe(dataDir);
    try {
      return await drive(server.url, server.pid, tokens, options);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function drive(url: string, pid: number, tokens: Ctx['tokens'], options: SoakOptions): Promise<SoakResult> {
  const ctx: Ctx = { url, tokens, created: [] };
  const statuses: Record<string, number> = {};
  const unexpected: string[] = [];
  const latencies = new Map<string, number[]>();
  let window: number[] = [];
  let requests = 0;
  const samples: SoakSample[] = [];
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();

  const fire = (op: Op) => {
    const t0 = performance.now();
    requests++;
    const p = op
      .run(ctx)
      .then(async (res) => {
        const text = await res.text();
        const ms = performance.now() - t0;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        window.push(ms);
        const list = latencies.get(op.name) ?? latencies.set(op.name, []).get(op.name);
        list?.push(ms);
        if (res.status !== 200) {
          if (unexpected.length < 20) unexpected.push(`${op.name}: ${res.status} ${text.slice(0, 200)}`);
        } else if (op.name === 'L1 create') {
          ctx.created.push(Number((JSON.parse(text) as { Id: string }).Id));
        }
      })
      .catch((error: unknown) => {
        statuses.error = (statuses.error ?? 0) + 1;
        if (unexpected.length < 20) unexpected.push(`${op.name}: ${String(error)}`);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  const sample = async (t: number) => {
    const done = window;
    window = [];
    samples.push({
      t: round(t, 1) ?? 0,
      rssMb: round(await rssMb(pid), 1) ?? 0,
      heapMb: round(await heapMb(url), 1),
      requests: done.length,
      p50Ms: round(percentile(done, 0.5), 2),
      p99Ms: round(percentile(done, 0.99), 2),
    });
  };

  await sample(0);
  const interval = 1000 / options.rate;
  const total = Math.round(options.seconds * options.rate);
  let nextSample = options.sampleSeconds * 1000;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    fire(chooseOp());
    const elapsed = performance.now() - start;
    if (elapsed >= nextSample) {
      await sample(elapsed / 1000);
      nextSample += options.sampleSeconds * 1000;
    }
  }
  await Promise.all(inFlight);
  await sample((performance.now() - start) / 1000);

  const steady = samples.filter((s) => s.t >= options.warmupSeconds && s.requests > 0);
  const series = (f: (s: SoakSample) => number | null): Point[] =>
    steady.flatMap((s) => {
      const y = f(s);
      return y === null ? [] : [{ x: s.t / 60, y }];
    });
  const byOperation: SoakResult['byOperation'] = {};
  for (const op of OPS) {
    const list = latencies.get(op.name) ?? [];
    byOperation[op.name] = {
      count: list.length,
      p50Ms: round(percentile(list, 0.5), 2),
      p99Ms: round(percentile(list, 0.99), 2),
    };
  }
  const serverErrors = Object.entries(statuses)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, c]) => n + c, 0);
  return {
    options,
    startedAt,
    requests,
    statuses,
    errors: statuses.error ?? 0,
    serverErrors,
    byOperation,
    samples,
    startRssMb: samples[0]?.rssMb ?? 0,
    endRssMb: samples.at(-1)?.rssMb ?? 0,
    slopes: {
      rssMbPerMin: round(leastSquaresSlope(series((s) => s.rssMb))),
      heapMbPerMin: round(leastSquaresSlope(series((s) => s.heapMb))),
      p50MsPerMin: round(leastSquaresSlope(series((s) => s.p50Ms))),
      p99MsPerMin: round(leastSquaresSlope(series((s) => s.p99Ms))),
    },
    unexpected,
  };
}

/** The human-readable report: samples, per-operation latency, and the slopes. */
export function formatSoak(r: SoakResult): string {
  const lines = [
    `soak: ${r.options.seconds} s at ${r.options.rate} req/s, sampled every ${r.options.sampleSeconds} s (started ${r.startedAt})`,
    '',
    '     t(s)   rss(MB)  heap(MB)   reqs   p50(ms)   p99(ms)',
    ...r.samples.map(
      (s) =>
        `${String(s.t).padStart(9)} ${String(s.rssMb).padStart(9)} ${String(s.heapMb ?? '-').padStart(9)} ${String(s.requests).padStart(6)} ${String(s.p50Ms ?? '-').padStart(9)} ${String(s.p99Ms ?? '-').padStart(9)}`,
    ),
    '',
    'operation              count   p50(ms)   p99(ms)',
    ...Object.entries(r.byOperation).map(
      ([name, o]) =>
        `${name.padEnd(20)} ${String(o.count).padStart(7)} ${String(o.p50Ms ?? '-').padStart(9)} ${String(o.p99Ms ?? '-').padStart(9)}`,
    ),
    '',
    `requests ${r.requests}, statuses ${JSON.stringify(r.statuses)}, no-answer errors ${r.errors}, 5xx ${r.serverErrors}`,
    `RSS ${r.startRssMb} MB -> ${r.endRssMb} MB; slopes after ${r.options.warmupSeconds} s warm-up: RSS ${r.slopes.rssMbPerMin} MB/min, heap ${r.slopes.heapMbPerMin} MB/min, p50 ${r.slopes.p50MsPerMin} ms/min, p99 ${r.slopes.p99MsPerMin} ms/min`,
  ];
  if (r.unexpected.length > 0) lines.push('', 'unexpected answers:', ...r.unexpected.map((u) => `  ${u}`));
  return lines.join('\n');
}
