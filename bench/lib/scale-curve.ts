import { bulkLoadTickets } from './bulk-load.js';
import { startDeskwire } from './deskwire-server.js';
import { createBenchData, createTicketSpec, getTicketSpec, openBenchData } from './fixture.js';
import { type LoadResult, load } from './load.js';
import type { Row } from './report.js';
import type { Settings } from './settings.js';
import { figure } from './stats.js';
import { int, ms, pct } from './table.js';

/**
 * GET-ticket throughput and create latency as the store grows through `steps` tickets. At each
 * step the store is bulk-loaded up to the size, then served fresh, and GET rounds (the newest
 * ticket) alternate with create rounds on one connection (latency without queueing).
 */
export async function scaleCurve(
  store: string,
  steps: readonly number[],
  settings: Settings,
  databaseUrl?: string,
): Promise<Row[]> {
  const data = await createBenchData(databaseUrl === undefined ? {} : { databaseUrl });
  const rows: Row[] = [];
  let tickets = 1; // The seed ticket #143.
  let newest = 143;
  let baseline = Number.NaN;
  try {
    for (const target of steps) {
      const started = performance.now();
      if (target > tickets) {
        const deskwire = await openBenchData(data);
        try {
          newest = (await bulkLoadTickets(deskwire, target - tickets)).last;
        } finally {
          await deskwire.close();
        }
        tickets = target;
      }
      const loadSeconds = (performance.now() - started) / 1000;
      const server = await startDeskwire({ ...data, launcher: 'app' });
      const gets: LoadResult[] = [];
      const creates: LoadResult[] = [];
      try {
        const get = getTicketSpec(data, newest);
        const create = createTicketSpec(data);
        const one = { connections: 1, durationSec: settings.durationSec };
        await load(server.url, get, { ...settings, durationSec: 1 }); // warm up
        await load(server.url, create, { ...one, durationSec: 1 });
        for (let round = 0; round < settings.rounds; round++) {
          gets.push(await load(server.url, get, settings));
          creates.push(await load(server.url, create, one));
        }
      } finally {
        await server.stop();
      }
      tickets += creates.reduce((n, c) => n + c.requests, 0);
      const figures = {
        tickets: figure('tickets', [target]),
        bulk_load_s: figure('s', [loadSeconds]),
        get_rps: figure(
          'req/s',
          gets.map((g) => g.rps),
        ),
        get_p50: figure(
          'ms',
          gets.map((g) => g.p50),
        ),
        get_p99: figure(
          'ms',
          gets.map((g) => g.p99),
        ),
        create_p50: figure(
          'ms',
          creates.map((c) => c.p50),
        ),
        create_p99: figure(
          'ms',
          creates.map((c) => c.p99),
        ),
        create_rps_1conn: figure(
          'req/s',
          creates.map((c) => c.rps),
        ),
      };
      if (Number.isNaN(baseline)) baseline = figures.get_rps.median;
      rows.push({
        scenario: `scale (${store})`,
        case: `${int(target)} tickets (bulk-loaded in ${loadSeconds.toFixed(loadSeconds < 10 ? 1 : 0)} s)`,
        ours: `GET ${int(figures.get_rps.median)} req/s · p50 ${ms(figures.get_p50.median)} · p99 ${ms(figures.get_p99.median)}`,
        reference: `create p50 ${ms(figures.create_p50.median)} · p99 ${ms(figures.create_p99.median)} (1 conn)`,
        ratio: `GET ${pct(figures.get_rps.median / baseline)} of the ${int(steps[0] ?? 0)} point`,
        figures,
      });
      console.log(`  ${store}: ${rows.at(-1)?.case}: ${rows.at(-1)?.ours}; ${rows.at(-1)?.reference}`);
    }
    return rows;
  } finally {
    await data.remove();
  }
}
