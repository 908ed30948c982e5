import type { Row } from './report.js';
import type { Settings } from './settings.js';

/** One benchmark: runs with the settings and returns its table rows (notes: what it skipped and why). */
export interface Scenario {
  name: string;
  description: string;
  run(settings: Settings, notes: string[]): Promise<Row[]>;
}
