// Every knob of the bench, read once from the environment. `--quick` (npm run bench:quick) changes
// the defaults to a run of a few minutes; an explicit variable always wins.

export interface Settings {
  quick: boolean;
  /** Rounds per comparison; every figure is the median over them. */
  rounds: number;
  /** Seconds of load per autocannon round. */
  durationSec: number;
  /** Concurrent keep-alive connections per autocannon round. */
  connections: number;
  /** Streaming: the large file's size and the smaller one it is compared with, in MiB. */
  streamMiB: number;
  streamSmallMiB: number;
  /** Client: tickets fetched with their conversations at 25 calls per 5 s (two calls each). */
  clientTickets: number;
  /** Client: sequential calls per overhead round. */
  overheadCalls: number;
  /** Scale: store sizes (tickets) at which GET and create are measured, SQLite and PostgreSQL. */
  scaleSteps: number[];
  pgScaleSteps: number[];
  /** PostgreSQL server for the PostgreSQL rows; the bench creates and drops its own database there. */
  pgUrl: string;
}

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got '${raw}'`);
  return value;
};

const list = (name: string, fallback: number[]): number[] => {
  const raw = process.env[name];
  if (!raw) return fallback;
  return raw.split(',').map((part) => {
    const value = Number(part.trim().replace(/k$/i, '000').replace(/m$/i, '000000'));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}: '${part}' is not a ticket count`);
    return value;
  });
};

export function readSettings(quick: boolean): Settings {
  return {
    quick,
    rounds: num('BENCH_ROUNDS', quick ? 3 : 5),
    durationSec: num('BENCH_DURATION', quick ? 2 : 4),
    connections: num('BENCH_CONNECTIONS', 10),
    streamMiB: num('BENCH_STREAM_MB', quick ? 50 : 200),
    streamSmallMiB: num('BENCH_STREAM_SMALL_MB', quick ? 10 : 50),
    // The figure: 500 tickets = 1000 calls, about 200 s at 25 per 5 s.
    clientTickets: num('BENCH_CLIENT_TICKETS', quick ? 50 : 500),
    overheadCalls: num('BENCH_OVERHEAD_CALLS', quick ? 300 : 1000),
    scaleSteps: list('BENCH_SCALE_STEPS', quick ? [1000, 10_000] : [1000, 10_000, 100_000, 1_000_000]),
    pgScaleSteps: list('BENCH_PG_SCALE_STEPS', quick ? [1000, 10_000] : [1000, 10_000, 100_000]),
    pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}
