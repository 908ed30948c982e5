// The bench's own arithmetic (bench/lib): every figure in docs/benchmarks.md is a median or a
// percentile computed here and written by the report writer, so they are checked like product code.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Report, writeReport } from '../../../bench/lib/report.js';
import { figure, median, percentile, ratio } from '../../../bench/lib/stats.js';
import { markdownTable } from '../../../bench/lib/table.js';

describe('bench stats', () => {
  test('median of odd and even counts, unsorted input left untouched', () => {
    const runs = [5, 1, 4, 2, 3];
    assert.equal(median(runs), 3);
    assert.deepEqual(runs, [5, 1, 4, 2, 3]);
    assert.equal(median([10, 2, 4, 8]), 6);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
  });

  test('percentile is nearest-rank: a value that was really observed', () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(oneToHundred, 50), 50);
    assert.equal(percentile(oneToHundred, 99), 99);
    assert.equal(percentile(oneToHundred, 100), 100);
    assert.equal(percentile(oneToHundred, 0), 1);
    assert.equal(percentile([3, 1, 2], 50), 2);
    assert.equal(percentile([1, 2, 3, 4], 99), 4);
    assert.throws(() => percentile([1], 101), RangeError);
    assert.throws(() => percentile([1], Number.NaN), RangeError);
  });

  test('a figure keeps every run and their median; ratios are of medians', () => {
    const runs = [300, 100, 200];
    const f = figure('req/s', runs);
    runs.push(1e9);
    assert.deepEqual(f, { unit: 'req/s', runs: [300, 100, 200], median: 200 });
    assert.equal(ratio(f, figure('req/s', [400, 400, 50])), 0.5);
    assert.ok(Number.isNaN(ratio(1, 0)));
  });
});

describe('bench report', () => {
  test('the writer creates the directory and writes the report as JSON that reads back equal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deskwire-bench-report-'));
    try {
      const report: Report = {
        date: '2026-01-02T03:04:05.000Z',
        quick: true,
        machine: { cpuModel: 'CPU', cores: 2, memoryGiB: 4, node: 'v20.0.0', os: 'linux' },
        commands: ['npm run bench:quick'],
        settings: { rounds: 3 },
        rows: [
          {
            scenario: 'server',
            case: 'GET ticket',
            ours: '1 req/s',
            reference: 'ceiling 2 req/s',
            ratio: '50.0% of ceiling',
            figures: { deskwire_rps: figure('req/s', [1, 1, 2]) },
          },
        ],
        notes: [],
      };
      const path = join(dir, 'nested', 'latest.json');
      await writeReport(path, report);
      assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), report);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the table escapes pipes and pads every column to one width', () => {
    const table = markdownTable([
      { scenario: 's', case: 'a|b', ours: '1', reference: 'r', ratio: 'x', figures: {} },
      { scenario: 'longer', case: 'c', ours: '22', reference: 'r', ratio: 'y', figures: {} },
    ]);
    const lines = table.split('\n');
    assert.equal(lines.length, 4);
    assert.ok(lines[2]?.includes('a\\|b'));
    assert.equal(new Set(lines.map((l) => l.length)).size, 1, 'every line has the same width');
  });
});
