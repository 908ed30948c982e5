import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Machine } from './machine.js';
import type { Figure } from './stats.js';

/** One line of the table: what was measured, the figure beside it and their ratio. */
export interface Row {
  scenario: string;
  case: string;
  /** Our figure, formatted (e.g. `4,210 req/s · p50 2 ms · p99 9 ms`). */
  ours: string;
  /** What it is compared with, formatted (the ceiling, Prism, the theoretical minimum...). */
  reference: string;
  /** The comparison, formatted (e.g. `61.2% of ceiling`). */
  ratio: string;
  /** Every figure behind the row, with its runs and median. */
  figures: Record<string, Figure>;
}

export interface Report {
  date: string;
  /** True for `bench:quick` (fewer rounds, shorter runs, smaller sizes). */
  quick: boolean;
  machine: Machine;
  /** The command lines that produced the report. */
  commands: string[];
  /** Every knob's value in this run. */
  settings: Record<string, string | number | boolean>;
  rows: Row[];
  /** Scenarios skipped or failed, with why. */
  notes: string[];
}

/** Writes the report as pretty JSON, creating the directory. */
export async function writeReport(path: string, report: Report): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
