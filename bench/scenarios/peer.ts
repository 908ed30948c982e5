// Peer: the same L4 response served by Stoplight Prism (an OpenAPI mock server) from Deskwire's own
// OpenAPI document (docs/openapi.json) with our captured response as L4's example, alternating rounds
// with our server.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capture } from '../lib/captured-response.js';
import { freePort, startChild } from '../lib/child.js';
import { startDeskwire } from '../lib/deskwire-server.js';
import { createBenchData, getTicketSpec, SEED_TICKET } from '../lib/fixture.js';
import { loadSummary } from '../lib/format.js';
import { getTicketOpenApi } from '../lib/openapi-doc.js';
import { pairedFigures, pairedLoad } from '../lib/paired.js';
import type { Scenario } from '../lib/scenario.js';
import { times } from '../lib/table.js';

const PRISM = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));

export const peerScenario: Scenario = {
  name: 'peer',
  description: 'GET ticket: Deskwire vs Stoplight Prism mocking the same response from an OpenAPI document',
  async run(settings) {
    const data = await createBenchData();
    const server = await startDeskwire({ dataDir: data.dataDir });
    try {
      const spec = getTicketSpec(data);
      const captured = await capture(server.url, spec);
      const docFile = join(data.dir, 'openapi.json');
      await writeFile(docFile, JSON.stringify(await getTicketOpenApi(captured)));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      // `-v error`: Prism logs every request at info level, which would slow it for no one's benefit.
      const prism = await startChild(PRISM, ['mock', docFile, '-h', '127.0.0.1', '-p', String(port), '-v', 'error'], {
        url,
        probe: spec.path,
      });
      try {
        const fromPrism = await capture(url, spec);
        const same =
          JSON.stringify(JSON.parse(fromPrism.body.toString())) ===
          JSON.stringify(JSON.parse(captured.body.toString()));
        if (!same) throw new Error('Prism does not serve the captured ticket: the comparison would be unfair');
        const paired = await pairedLoad({ base: server.url, spec }, { base: url, spec }, settings.rounds, settings);
        const figures = pairedFigures(paired, 'deskwire', 'prism');
        return [
          {
            scenario: 'peer',
            case: `GET ticket #${SEED_TICKET} (L4), ${captured.body.length} B vs Prism ${fromPrism.body.length} B`,
            ours: loadSummary(figures, 'deskwire'),
            reference: `Prism 5.14 ${loadSummary(figures, 'prism')}`,
            ratio: `${times(figures.deskwire_over_prism?.median ?? Number.NaN)} Prism's req/s`,
            figures,
          },
        ];
      } finally {
        await prism.stop();
      }
    } finally {
      await server.stop();
      await data.remove();
    }
  },
};
