// Server over real HTTP: each endpoint against the ceiling, a bare Node `http` server replaying the
// response our server gave for the same request (captured first), measured in alternating rounds; for L4
// also the rules floor (bench/lib/rules-floor-server.ts) against the same ceiling.
import { join } from 'node:path';
import { ceilingRows } from '../lib/ceiling-row.js';
import { startDeskwire } from '../lib/deskwire-server.js';
import {
  createBenchData,
  createTicketSpec,
  createTickets,
  getTicketSpec,
  kaptureSearchSpec,
  multipartCreate,
  ORG,
  SEED_KAPTURE_ID,
  SEED_TICKET,
} from '../lib/fixture.js';
import type { RequestSpec } from '../lib/load.js';
import type { Row } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';

export const serverScenario: Scenario = {
  name: 'server',
  description: 'req/s and p50/p99 per endpoint over HTTP, as a % of a bare Node http server replaying the same bytes',
  async run(settings) {
    const data = await createBenchData();
    const server = await startDeskwire({ dataDir: data.dataDir, maxFileMiB: 10 });
    try {
      // 49 more tickets, so a Kapture search can name 50 that exist (ids are the seed's base + number).
      const extra = await createTickets(server.url, data, 49);
      const kaptureId = (n: number) => SEED_KAPTURE_ID - SEED_TICKET + n;
      const upload = multipartCreate(1024 * 1024);
      const l4 = getTicketSpec(data);
      const cases: Array<[string, RequestSpec]> = [
        [`GET ticket #${SEED_TICKET} (L4)`, l4],
        [
          'conversation/filter, with attachment (L5)',
          {
            method: 'POST',
            path: `/api/tenants/${ORG}/conversation/filter`,
            headers: { ...data.lsqHeaders, 'content-type': 'application/json' },
            body: JSON.stringify({ TicketId: SEED_TICKET, OrgId: ORG, ActivityType: ['InboundEmail'] }),
          },
        ],
        ['create ticket, JSON (L1)', createTicketSpec(data)],
        [
          'create ticket + 1 MiB file, multipart (L2)',
          {
            method: 'POST',
            path: `/api/tenants/${ORG}/tickets`,
            headers: { ...data.lsqHeaders, 'content-type': upload.contentType },
            body: upload.body,
          },
        ],
        ['Kapture search, 1 id (K3)', kaptureSearchSpec(data, [SEED_KAPTURE_ID])],
        ['Kapture search, 50 ids (K3)', kaptureSearchSpec(data, [SEED_TICKET, ...extra].map(kaptureId))],
      ];
      const rows: Row[] = [];
      for (const [name, spec] of cases) {
        rows.push(
          ...(await ceilingRows({
            scenario: 'server',
            name,
            deskwire: server,
            spec,
            dir: data.dir,
            // L4 also against the rules floor on the same SQLite file (docs/benchmarks.md, issue 14).
            ...(spec === l4 && { rulesFloorStore: join(data.dataDir, 'deskwire.db') }),
            rounds: settings.rounds,
            load: settings,
          })),
        );
      }
      return rows;
    } finally {
      await server.stop();
      await data.remove();
    }
  },
};
