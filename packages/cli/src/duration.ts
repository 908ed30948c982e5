import { InvalidArgumentError } from 'commander';

/** 100 years: longer than any grace or interval anyone means. */
const MAX_DURATION_MS = 100 * 365 * 86_400_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Durations for commander options, in milliseconds: `0`, `1500ms`, `90s`, `30m`, `1h`, `2d`. A bare number
 * other than 0 is refused: `--blob-sweep-grace 60` could mean seconds or minutes, and guessing wrong deletes.
 */
export function duration(value: string): number {
  const match = /^([0-9]+)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match || (match[2] === undefined && Number(match[1]) !== 0)) {
    throw new InvalidArgumentError(`'${value}' is not a duration such as 30m, 1h or 0`);
  }
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
  // Beyond a century `now - ms` can leave the Date range (±8.64e15 ms): an Invalid Date cutoff
  // compares false with everything, so `--older-than` would spare nothing, fresh uploads included.
  if (!Number.isSafeInteger(ms) || ms > MAX_DURATION_MS) throw new InvalidArgumentError(`'${value}' is too long`);
  return ms;
}
