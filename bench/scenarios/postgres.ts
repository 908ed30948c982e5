// PostgreSQL: GET ticket on SQLite vs PostgreSQL in alternating rounds (issue 7), on PostgreSQL against the
// bare ceiling beside the rules floor (issue 14), then the scale curve on PostgreSQL. Runs in a database of its own, dropped at the end.

import { ceilingRows } from '../lib/ceiling-row.js';
import { startDeskwire } from '../lib/deskwire-server.js';
import { createBenchData, getTicketSpec, SEED_TICKET } from '../lib/fixture.js';
import { loadSummary } from '../lib/format.js';
import { pairedFigures, pairedLoad } from '../lib/paired.js';
import { createBenchDatabase } from '../lib/pg-database.js';
import type { Row } from '../lib/report.js';
import { scaleCurve } from '../lib/scale-curve.js';
import type { Scenario } from '../lib/scenario.js';
import { times } from '../lib/table.js';

export const postgresScenario: Scenario = {
  name: 'postgres',
  description: 'GET ticket SQLite vs PostgreSQL (same run), and the scale curve on PostgreSQL (BENCH_PG_URL)',
  async run(settings, notes) {
    let database: Awaited<ReturnType<typeof createBenchDatabase>>;
    try {
      database = await createBenchDatabase(settings.pgUrl);
    } catch (error) {
      notes.push(`postgres skipped: cannot create a database on BENCH_PG_URL (${(error as Error).message})`);
      return [];
    }
    try {
      const rows: Row[] = await compare(database.url, settings);
      // A fresh database for the curve, so it starts at one ticket like the SQLite one.
      await database.drop();
      database = await createBenchDatabase(settings.pgUrl);
      rows.push(...(await scaleCurve('PostgreSQL', settings.pgScaleSteps, settings, database.url)));
      return rows;
    } finally {
      await database.drop();
    }
  },
};

/**
 * L4 on PostgreSQL against SQLite, then against the bare ceiling, beside the rules floor on the same database
 * (rules-floor-server.ts; issue 14's goal for PostgreSQL is a share of the ceiling).
 */
async function compare(databaseUrl: string, settings: Parameters<typeof scaleCurve>[2]): Promise<Row[]> {
  const sqliteData = await createBenchData();
  const pgData = await createBenchData({ databaseUrl });
  // Both through the same launcher, so only the store differs.
  const sqlite = await startDeskwire({ ...sqliteData, launcher: 'app' });
  const postgres = await startDeskwire({ ...pgData, launcher: 'app' });
  try {
    const paired = await pairedLoad(
      { base: postgres.url, spec: getTicketSpec(pgData) },
      { base: sqlite.url, spec: getTicketSpec(sqliteData) },
      settings.rounds,
      settings,
    );
    const figures = pairedFigures(paired, 'postgres', 'sqlite');
    const against: Row = {
      scenario: 'postgres',
      case: `GET ticket #${SEED_TICKET} (L4), PostgreSQL vs SQLite`,
      ours: `PostgreSQL ${loadSummary(figures, 'postgres')}`,
      reference: `SQLite ${loadSummary(figures, 'sqlite')}`,
      ratio: `${times(figures.postgres_over_sqlite?.median ?? Number.NaN)} SQLite's req/s`,
      figures,
    };
    const ofCeiling = await ceilingRows({
      scenario: 'postgres',
      name: `GET ticket #${SEED_TICKET} (L4), PostgreSQL`,
      deskwire: postgres,
      spec: getTicketSpec(pgData),
      dir: pgData.dir,
      rulesFloorStore: databaseUrl,
      rounds: settings.rounds,
      load: settings,
    });
    return [against, ...ofCeiling];
  } finally {
    await sqlite.stop();
    await postgres.stop();
    await sqliteData.remove();
    await pgData.remove();
  }
}
