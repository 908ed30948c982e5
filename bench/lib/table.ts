import type { Row } from './report.js';

/** A Markdown table: readable in a terminal and pasted as is into docs/benchmarks.md. */
export function markdownTable(rows: readonly Row[]): string {
  const header = ['Scenario', 'Case', 'Deskwire', 'Reference', 'Ratio'];
  const cells = rows.map((r) => [r.scenario, r.case, r.ours, r.reference, r.ratio].map(escapeCell));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** `12345.6` -> `12,346`. */
export const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
/** autocannon records latency in whole milliseconds, so 0 means under one. */
export const ms = (n: number): string =>
  !Number.isFinite(n)
    ? 'n/a'
    : n === 0
      ? '<1 ms'
      : `${Number.isInteger(n) || n >= 10 ? n.toFixed(0) : n.toFixed(1)} ms`;
export const pct = (n: number): string => (Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : 'n/a');
export const times = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
export const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
