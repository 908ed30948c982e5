import pg from 'pg';

/**
 * SQL texts run often enough to keep prepared on each PostgreSQL connection: the CompiledOnce hot
 * queries (compiled-once.ts) register theirs. A named statement is parsed and planned once per
 * connection instead of once per call, which on a small machine is PostgreSQL CPU that every request
 * shares with the server. Names are per connection, so one process-wide table serves every pool.
 */
const NAMES = new Map<string, string>();

/** Marks `sql` as a statement to prepare (idempotent). */
export function prepareOnEachConnection(sql: string): void {
  if (!NAMES.has(sql)) NAMES.set(sql, `deskwire_${NAMES.size + 1}`);
}

/**
 * A `pg` client that runs registered SQL texts as named (prepared) statements; anything else as
 * before. Kysely's driver calls `query(text, values)`; only that form is rewritten.
 */
export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads cannot be restated one by one here
  override query(...args: any[]): any {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const name = NAMES.get(text);
      if (name !== undefined) return super.query({ name, text, values });
    }
    // biome-ignore lint/suspicious/noExplicitAny: as above
    return (super.query as (...a: any[]) => any)(...args);
  }
}
