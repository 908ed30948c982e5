import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leastSquaresSlope, percentile } from '../../soak/slope.js';
import { formatSoak, runSoak } from '../../soak/soak-harness.js';

// The soak's math (`npm run soak` reports these slopes) and a short end-to-end run of its harness. No timing or
// slope thresholds here: the 10-minute run is where drift is judged (docs/reliability.md).

describe('soak slope math', () => {
  test('the least-squares slope of a line is its gradient, whatever the intercept', () => {
    const line = [0, 1, 2, 3, 4].map((x) => ({ x, y: 3 * x + 7 }));
    assert.equal(leastSquaresSlope(line), 3);
    assert.equal(leastSquaresSlope(line.map((p) => ({ x: p.x, y: 10 }))), 0);
  });

  test('noise around a trend: the fitted slope of a known small set', () => {
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: 1 },
      { x: 2, y: 5 },
      { x: 3, y: 5 },
    ];
    // x̄ = 1.5, ȳ = 3; Σ(x-x̄)(y-ȳ) = (-1.5)(-2) + (-0.5)(-2) + (0.5)(2) + (1.5)(2) = 8; Σ(x-x̄)² = 5.
    assert.equal(leastSquaresSlope(points), 8 / 5);
  });

  test('no slope without two distinct x values', () => {
    assert.equal(leastSquaresSlope([]), undefined);
    assert.equal(leastSquaresSlope([{ x: 1, y: 2 }]), undefined);
    assert.equal(
      leastSquaresSlope([
        { x: 1, y: 2 },
        { x: 1, y: 5 },
      ]),
      undefined,
    );
  });

  test('nearest-rank percentiles', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    assert.equal(percentile(values, 0.5), 5);
    assert.equal(percentile(values, 0.99), 10);
    assert.equal(percentile(values, 0), 1);
    assert.equal(percentile([], 0.5), undefined);
  });
});

describe('soak harness end to end (short run)', { timeout: 90_000 }, () => {
  test('mixed traffic against `deskwire serve`: every call answered 200, samples and slopes reported', async () => {
    const result = await runSoak({ seconds: 8, rate: 25, sampleSeconds: 1, warmupSeconds: 2 });
    assert.deepEqual(result.unexpected, [], 'no unexpected answers');
    assert.equal(result.errors, 0, 'no request without an answer');
    assert.equal(result.serverErrors, 0, 'no 5xx');
    assert.deepEqual(Object.keys(result.statuses), ['200']);
    assert.equal(result.statuses['200'], result.requests);
    assert.equal(result.requests, 200, '8 s at 25 req/s');
    for (const [name, op] of Object.entries(result.byOperation)) assert.ok(op.count > 0, `${name} ran`);
    assert.ok(result.samples.length >= 5, `samples: ${result.samples.length}`);
    assert.ok(result.startRssMb > 0 && result.endRssMb > 0);
    assert.equal(typeof result.slopes.rssMbPerMin, 'number');
    assert.equal(typeof result.slopes.p99MsPerMin, 'number');
    assert.match(formatSoak(result), /RSS .* MB\/min/);
  });
});
