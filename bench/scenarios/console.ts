// The agent console: bundle size against React's own floor, and time to a usable queue in Chromium as the
// store grows, on SQLite (BENCH_SCALE_STEPS) and PostgreSQL (BENCH_PG_SCALE_STEPS); the goal is under 1 s at 1M tickets.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '@deskwire/server';
import { chromium } from 'playwright-core';
import { bulkLoadInto, type LoadState, loadState, nextTicketNumber } from '../lib/batch-load.js';
import { consoleBundleSize, reactFloor } from '../lib/console-bundle.js';
import { startDeskwire } from '../lib/deskwire-server.js';
import { createBenchData, ORG } from '../lib/fixture.js';
import { type BenchDatabase, createBenchDatabase } from '../lib/pg-database.js';
import type { Row } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import type { Settings } from '../lib/settings.js';
import { figure } from '../lib/stats.js';
import { int, ms, times } from '../lib/table.js';

const AGENT = { name: 'Bench Agent', email: 'bench@edu101.example', password: 'bench password 1234' };
const CHROMIUM = process.env.DESKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const GOAL_MS = 1000;
const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

export const consoleScenario: Scenario = {
  name: 'console',
  description: 'Agent console: bundle size, and time to a usable queue in Chromium as the store grows',
  async run(settings, notes) {
    const rows = [...(await bundleRows()), ...(await queueRows('SQLite', settings.scaleSteps, settings, notes))];
    let database: BenchDatabase;
    try {
      database = await createBenchDatabase(settings.pgUrl);
    } catch (error) {
      notes.push(
        `console on PostgreSQL skipped: cannot create a database on BENCH_PG_URL (${(error as Error).message})`,
      );
      return rows;
    }
    try {
      rows.push(...(await queueRows('PostgreSQL', settings.pgScaleSteps, settings, notes, database.url)));
    } finally {
      await database.drop();
    }
    return rows;
  },
};

async function bundleRows(): Promise<Row[]> {
  const { js, css } = await consoleBundleSize();
  const floor = await reactFloor();
  const total = js.gzip + css.gzip;
  return [
    {
      scenario: 'console',
      case: `bundle (${js.files} script, ${css.files} style file${css.files === 1 ? '' : 's'})`,
      ours: `${kib(total)} gzip (${kib(js.raw + css.raw)} raw)`,
      reference: `React + React DOM production files as npm ships them: ${kib(floor.gzip)} gzip`,
      ratio: `${times(total / floor.gzip)} those files`,
      figures: {
        js_gzip: figure('bytes', [js.gzip]),
        css_gzip: figure('bytes', [css.gzip]),
        js_raw: figure('bytes', [js.raw]),
        react_gzip: figure('bytes', [floor.gzip]),
      },
    },
  ];
}

/**
 * At each store size (`steps`: BENCH_SCALE_STEPS on SQLite, BENCH_PG_SCALE_STEPS on PostgreSQL): the
 * built CLI (`deskwire serve`, with `--database` for PostgreSQL) serves the store, Chromium (one signed-in profile) opens
 * /console/views/all, and the time from navigation to the first ticket row and every view count on screen
 * is taken, median over `settings.rounds` loads. The first step is the baseline.
 */
async function queueRows(
  engine: 'SQLite' | 'PostgreSQL',
  steps: readonly number[],
  settings: Settings,
  notes: string[],
  databaseUrl?: string,
): Promise<Row[]> {
  // The browser first: when it cannot start, no store has been made yet to clean up.
  const profile = await mkdtemp(join(tmpdir(), 'deskwire-bench-chromium-'));
  const context = await chromium
    .launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 800 },
    })
    .catch(async (error: unknown) => {
      await rm(profile, { recursive: true, force: true });
      throw error;
    });
  let agentId = '';
  const data = await createBenchData({
    ...(databaseUrl !== undefined && { databaseUrl }),
    prepare: async (deskwire) => {
      agentId = (await createUser({ orgId: ORG, ...AGENT, role: 'Agent' }, deskwire)).user.id;
    },
  }).catch(async (error: unknown) => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  });
  // The search bench's corpus: statuses, priorities, tags and conversations as a desk has them; the
  // signed-in agent is one of the 20 assignees (so "My open" has rows), 15% unassigned, 2% trashed.
  let state: LoadState | undefined;
  const rows: Row[] = [];
  let tickets = 1;
  let baseline = Number.NaN;
  try {
    for (const target of steps) {
      if (target > tickets) {
        state ??= loadState(ORG, await nextTicketNumber(data), [agentId]);
        const t0 = performance.now();
        await bulkLoadInto(data, state, target - tickets);
        console.log(
          `  console (${engine}): ${int(target)} tickets (loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        );
        tickets = target;
      }
      const server = await startDeskwire({
        dataDir: data.dataDir,
        ...(databaseUrl !== undefined && { databaseUrl }),
        launcher: 'cli',
      });
      try {
        const list = await fetch(`${server.url}/api/v1/tenants/${ORG}/tickets?limit=1`, { headers: data.lsqHeaders });
        if (list.status !== 200) {
          notes.push(`console (${engine}): queue timing skipped, the server's ticket list answered ${list.status}`);
          return rows;
        }
        const signIn = await context.request.post(`${server.url}/api/v1/session`, {
          data: { email: AGENT.email, password: AGENT.password },
        });
        if (signIn.status() !== 201) throw new Error(`sign-in answered ${signIn.status()}`);
        const page = context.pages()[0] ?? (await context.newPage());
        const url = `${server.url}/console/views/all`;
        const usable = async (): Promise<number> => {
          const started = performance.now();
          await page.goto(url, { waitUntil: 'commit' });
          await page.locator('tr[data-ticket]').first().waitFor({ timeout: 60_000 });
          // Counts show "…" until their page of the list has answered; the console's CSP forbids eval, so
          // this waits with a locator, not waitForFunction.
          await page.locator('.views .count', { hasText: '…' }).first().waitFor({ state: 'detached', timeout: 60_000 });
          return performance.now() - started;
        };
        await usable(); // warm up: the server's caches and the browser's module cache
        const runs: number[] = [];
        for (let round = 0; round < settings.rounds; round++) runs.push(await usable());
        const result = figure('ms', runs);
        if (Number.isNaN(baseline)) baseline = result.median;
        rows.push({
          scenario: 'console',
          case: `time to a usable queue (${engine}), ${int(target)} tickets`,
          ours: `${ms(result.median)} (median of ${runs.length})`,
          reference: `goal < ${ms(GOAL_MS)}; ${int(steps[0] ?? 0)}-ticket point ${ms(baseline)}`,
          ratio: `${times(result.median / baseline)} the first point · ${result.median < GOAL_MS ? 'meets' : 'misses'} the goal`,
          figures: { tickets: figure('tickets', [target]), usable_queue: result },
        });
        console.log(`  console: ${rows.at(-1)?.case}: ${rows.at(-1)?.ours}`);
      } finally {
        await server.stop();
      }
    }
    return rows;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    await data.remove();
  }
}
