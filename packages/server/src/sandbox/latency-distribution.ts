/**
 * Added latency of a fault rule, in milliseconds, as WireMock models delays
 * (https://wiremock.org/docs/simulating-faults): a fixed delay, a uniform range, or a lognormal
 * distribution (a median and a spread `sigma`: most delays near the median, a long tail above it).
 */
export type Latency =
  | { type: 'fixed'; ms: number }
  | { type: 'uniform'; minMs: number; maxMs: number }
  /** `maxMs` caps the tail; without it the cap is `MAX_LATENCY_MS`. */
  | { type: 'lognormal'; medianMs: number; sigma: number; maxMs?: number };

/** No injected delay is longer than ten minutes, whatever a rule asks for. */
export const MAX_LATENCY_MS = 600_000;

/** Draws one delay from `latency` using `random` (uniform in [0, 1)). */
export function sampleLatency(latency: Latency, random: () => number): number {
  switch (latency.type) {
    case 'fixed':
      return clamp(latency.ms, MAX_LATENCY_MS);
    case 'uniform':
      return clamp(latency.minMs + random() * (latency.maxMs - latency.minMs), MAX_LATENCY_MS);
    case 'lognormal':
      return clamp(
        latency.medianMs * Math.exp(latency.sigma * standardNormal(random)),
        latency.maxMs ?? MAX_LATENCY_MS,
      );
  }
}

/** Box–Muller: two uniform draws give one standard normal value. */
function standardNormal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) would be infinite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function clamp(ms: number, max: number): number {
  return Math.min(Math.max(0, Math.round(ms)), max, MAX_LATENCY_MS);
}
