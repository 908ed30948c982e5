// Ticket list and search latency at 10k, 100k and 1M tickets on SQLite and PostgreSQL, and the write
// cost of keeping the search index (L1 create with and without it), in one run (docs/benchmarks.md).
// npm run bench:search [-- --quick] [--sizes 10000,100000,1000000] [--engines sqlite,postgres] [--samples 100]
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine, machineInfo } from './lib/machine.js';
import { type Engine, runSearchBench } from './search/run-search-bench.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    samples: { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('results/search-latest.md', import.meta.url)) },
  },
});
const sizes = (values.sizes ?? (values.quick ? '2000,5000' : '10000,100000,1000000')).split(',').map(Number);
const engines = values.engines.split(',').map((e) => e.trim()) as Engine[];
const samples = Number(values.samples ?? (values.quick ? 20 : 100));
const machine = machineInfo();
console.log(
  `Deskwire search bench on ${describeMachine(machine)}; sizes ${sizes.join(', ')}; engines ${engines.join(', ')}`,
);
const started = Date.now();
const result = await runSearchBench({
  engines,
  sizes,
  samples,
  creates: values.quick ? 50 : 200,
  rounds: values.quick ? 2 : 5,
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  log: (line) => console.log(line),
});

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
const lines = [
  `Search bench, ${new Date(started).toISOString()}, ${describeMachine(machine)}; ${samples} samples a case.`,
  '',
  '| engine | tickets | case | p50 | p95 | page |',
  '|---|---:|---|---:|---:|---:|',
  ...result.latency.map(
    (r) => `| ${r.engine} | ${r.size.toLocaleString('en')} | ${r.case} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.found} |`,
  ),
  '',
  '| engine | L1 create p50, index kept | without index | cost | rounds (with / without) |',
  '|---|---:|---:|---:|---|',
  ...result.writeCost.map(
    (w) =>
      `| ${w.engine} | ${w.withIndex.toFixed(2)} ms | ${w.withoutIndex.toFixed(2)} ms | ${(w.withIndex / w.withoutIndex).toFixed(2)}× | ${w.rounds.withIndex.map((v) => v.toFixed(2)).join(', ')} / ${w.rounds.withoutIndex.map((v) => v.toFixed(2)).join(', ')} |`,
  ),
];
console.log(`\n${lines.join('\n')}\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
await mkdir(new URL('results/', import.meta.url), { recursive: true });
await writeFile(values.out, `${lines.join('\n')}\n`);
await writeFile(
  values.out.replace(/\.md$/, '.json'),
  `${JSON.stringify({ started: new Date(started).toISOString(), machine, sizes, samples, ...result }, null, 2)}\n`,
);
