// A server against the bare ceiling (ceiling-server.ts) answering the bytes it captured from `deskwire`:
// the row the server scenario writes for each endpoint, and the postgres scenario for PostgreSQL's L4.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { capture } from './captured-response.js';
import { startCeiling } from './ceiling-server.js';
import type { ServerChild } from './child.js';
import { loadSummary } from './format.js';
import type { LoadOptions, RequestSpec } from './load.js';
import { pairedFigures, pairedLoad } from './paired.js';
import type { Row } from './report.js';
import { startRulesFloor } from './rules-floor-server.js';
import { pct } from './table.js';

export interface CeilingRowsInput {
  scenario: string;
  /** The case's name, without the body size (added). */
  name: string;
  /** The Deskwire server whose answer the ceiling replays. */
  deskwire: ServerChild;
  spec: RequestSpec;
  /** A scratch directory for the captured body. */
  dir: string;
  /**
   * With the store the Deskwire server runs on (its SQLite file or PostgreSQL URL): one more row, the rules
   * floor (rules-floor-server.ts) on that store against the same ceiling. L4 only: the floor answers GET ticket.
   */
  rulesFloorStore?: string;
  rounds: number;
  load: LoadOptions;
}

/** Deskwire (and, with `rulesFloorStore`, the rules floor) against the ceiling, in alternating rounds. */
export async function ceilingRows(input: CeilingRowsInput): Promise<Row[]> {
  const captured = await capture(input.deskwire.url, input.spec);
  const bodyFile = join(input.dir, 'ceiling-body');
  await writeFile(bodyFile, captured.body);
  const ceiling = await startCeiling(captured.status, captured.contentType, bodyFile);
  let floor: ServerChild | undefined;
  try {
    if (input.rulesFloorStore !== undefined) {
      floor = await startRulesFloor(captured.status, captured.contentType, bodyFile, input.rulesFloorStore);
    }
    const sides: Array<[string, ServerChild]> = [[`${input.name}, ${captured.body.length} B`, input.deskwire]];
    if (floor) sides.push([`${input.name}: rules floor (one statement + one hash a request, bare http)`, floor]);
    const rows: Row[] = [];
    for (const [name, server] of sides) {
      const paired = await pairedLoad(
        { base: server.url, spec: input.spec },
        { base: ceiling.url, spec: input.spec },
        input.rounds,
        input.load,
      );
      const side = server === input.deskwire ? 'deskwire' : 'floor';
      const figures = pairedFigures(paired, side, 'ceiling');
      rows.push({
        scenario: input.scenario,
        case: name,
        ours: loadSummary(figures, side),
        reference: `ceiling ${loadSummary(figures, 'ceiling')}`,
        ratio: `${pct(figures[`${side}_over_ceiling`]?.median ?? Number.NaN)} of ceiling`,
        figures,
      });
    }
    return rows;
  } finally {
    await ceiling.stop();
    await floor?.stop();
  }
}
