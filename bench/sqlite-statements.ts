// Where a request's SQLite time goes, statement by statement: one case's requests through the app (Fastify
// inject, one at a time, SQLite in the data directory as `npm start` opens it), every better-sqlite3 statement
// timed by its SQL text. Prints the requests' mean latency, their SQLite time and the statements by time spent.
// Run: node --import tsx bench/sqlite-statements.ts [l1|l6|l4|l3] (env REQUESTS, 300; SYNC, full|normal|extra;
// THREAD, 300: the notes on #143 before L3's updates are timed)
import { buildApp, openDeskwire, SQLITE_SYNCHRONOUS_LEVELS, type SqliteSynchronous } from '@deskwire/server';
import SQLite from 'better-sqlite3';
import { createBenchData, createTicketSpec, getTicketSpec, noteSpec, updateStatusSpec } from './lib/fixture.js';
import type { RequestSpec } from './lib/load.js';

const which = process.argv[2] ?? 'l1';
const requests = Number(process.env.REQUESTS ?? 300);
const thread = Number(process.env.THREAD ?? 300);
const synchronous = (process.env.SYNC ?? 'full') as SqliteSynchronous;
if (!SQLITE_SYNCHRONOUS_LEVELS.includes(synchronous)) {
  throw new Error(`SYNC must be one of ${SQLITE_SYNCHRONOUS_LEVELS.join(', ')}, not '${synchronous}'`);
}

// Statement methods live on one prototype shared by every statement better-sqlite3 prepares.
const times = new Map<string, { calls: number; micros: number }>();
const probe = new SQLite(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
probe.close();
for (const method of ['run', 'all', 'get', 'iterate'] as const) {
  const original = statementPrototype[method] as (...args: unknown[]) => unknown;
  statementPrototype[method] = function (this: { source: string }, ...args: unknown[]) {
    const t0 = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      const micros = Number(process.hrtime.bigint() - t0) / 1000;
      const key = this.source.replace(/\s+/g, ' ').slice(0, 150);
      const entry = times.get(key) ?? { calls: 0, micros: 0 };
      entry.calls++;
      entry.micros += micros;
      times.set(key, entry);
    }
  };
}

const data = await createBenchData();
const deskwire = await openDeskwire({ dataDir: data.dataDir, sqliteSynchronous: synchronous });
const app = await buildApp(deskwire, { logLevel: false });
try {
  const specs: Record<string, RequestSpec> = {
    l1: createTicketSpec(data),
    l6: noteSpec(data),
    l4: getTicketSpec(data),
    // L3 changes #143's Status back and forth (a value sent unchanged writes nothing), on a thread of THREAD notes.
    l3: updateStatusSpec(data, 'Open'),
  };
  const spec = specs[which];
  if (!spec) throw new Error(`unknown case '${which}': l1, l6, l4 or l3`);
  const statuses = ['Open', 'On Hold'];
  let sent = 0;
  const send = async () => {
    const body = which === 'l3' ? updateStatusSpec(data, statuses[sent++ % 2] ?? 'Open').body : spec.body;
    const res = await app.inject({
      method: spec.method,
      url: spec.path,
      headers: spec.headers,
      ...(body !== undefined && { payload: body }),
    });
    if (res.statusCode >= 300) throw new Error(`${which} answered ${res.statusCode}: ${res.body}`);
  };
  if (which === 'l3') {
    const note = noteSpec(data);
    for (let i = 0; i < thread; i++) {
      const res = await app.inject({ method: 'POST', url: note.path, headers: note.headers, payload: note.body ?? '' });
      if (res.statusCode >= 300) throw new Error(`a note answered ${res.statusCode}: ${res.body}`);
    }
  }
  for (let i = 0; i < 50; i++) await send(); // warm-up: JIT, statement cache, configuration cache
  times.clear();
  const t0 = performance.now();
  for (let i = 0; i < requests; i++) await send();
  const perRequest = (performance.now() - t0) / requests;
  let total = 0;
  for (const { micros } of times.values()) total += micros;
  console.log(
    `${which}, synchronous=${synchronous}: ${perRequest.toFixed(2)} ms a request, ${(total / requests).toFixed(0)} µs of it in SQLite statements`,
  );
  for (const [sql, { calls, micros }] of [...times].sort((a, b) => b[1].micros - a[1].micros).slice(0, 20)) {
    console.log(
      `${(micros / requests).toFixed(0).padStart(6)} µs  ${(calls / requests).toFixed(1).padStart(4)}×  ${sql}`,
    );
  }
} finally {
  await app.close();
  await deskwire.close();
  await data.remove();
}
