// `npm run soak`: mixed traffic at a fixed rate against a `deskwire serve` child process; prints a table and
// writes bench/results/soak-latest.json. SOAK_SECONDS (default 600), SOAK_RATE (req/s, default 40),
// SOAK_SAMPLE_SECONDS (default 5), SOAK_WARMUP_SECONDS (default 30), SOAK_OUT (the JSON path).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSoak, runSoak } from './soak-harness.js';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const seconds = env('SOAK_SECONDS', 600);
const result = await runSoak({
  seconds,
  rate: env('SOAK_RATE', 40),
  sampleSeconds: env('SOAK_SAMPLE_SECONDS', 5),
  warmupSeconds: Math.min(env('SOAK_WARMUP_SECONDS', 30), seconds / 5),
});
console.log(formatSoak(result));
const out = process.env.SOAK_OUT ?? fileURLToPath(new URL('../../../bench/results/soak-latest.json', import.meta.url));
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${out}`);
process.exitCode = result.errors > 0 || result.serverErrors > 0 ? 1 : 0;
