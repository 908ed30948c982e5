import type { Figure } from './stats.js';
import { int, ms } from './table.js';

/** `4,210 req/s · p50 2.10 ms · p99 9.00 ms` from the medians of a side's figures. */
export function loadSummary(figures: Record<string, Figure>, side: string): string {
  const get = (key: string) => figures[`${side}_${key}`]?.median ?? Number.NaN;
  return `${int(get('rps'))} req/s · p50 ${ms(get('p50'))} · p99 ${ms(get('p99'))}`;
}
