import { createHash } from 'node:crypto';
import { type ColumnDefinitionBuilder, Kysely, PostgresDialect, type SqlBool, sql } from 'kysely';
import pg from 'pg';
import type { StoreFailure } from '../core/store.js';
import { allowDirectReads } from './compiled-once.js';
import type { Database } from './database-schema.js';
import { postgresTextSearch } from './postgres-text-search.js';
import { withSchemaScopedIntrospection } from './schema-scoped-introspection.js';
import type { AutoNumberedTable, PoolStats, StorageAdapter } from './storage-adapter.js';
import { isTransientPostgresError } from './transient-error.js';

export interface PostgresAdapterOptions {
  /** `postgres://user:password@host:port/database`. */
  connectionString: string;
  /** Schema the tables live in (set as the connections' search_path and created if missing); default `public`. */
  schema?: string;
  /** Most connections this process opens. Default 10 (pg's own default). */
  poolSize?: number;
  /** How long a query waits for a free connection before failing (as a transient, 503 error). Default 10 000 ms. */
  connectionTimeoutMs?: number;
  /**
   * Run the hot reads as named prepared statements (default true). `false` behind a pooler that cannot keep
   * them, such as PgBouncer before 1.21 in transaction mode (URL `?prepared_statements=off`, docs/deploy.md).
   */
  preparedStatements?: boolean;
}

/** pg's own default pool size, kept. */
const DEFAULT_POOL_SIZE = 10;
/** How long a query waits for a free connection (and a queued check for a statement) before a 503. */
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/** PostgreSQL's type OID of int8 (bigint), from the pg_type catalog. */
const INT8_OID = 20;

/**
 * pg hands int8 to JavaScript as a string, since it may exceed 2^53. Every bigint column here holds
 * numbers that came from JavaScript (ids, counters, sizes), and counts are small, so a number is exact.
 */
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID && format !== 'binary'
    ? Number
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/**
 * A prepared statement's name, one per statement text (pg refuses one name for two texts on a connection).
 * Remembered per text: the texts are the few CompiledOnce reads, and hashing one cost a few µs per call.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED_NAMES = 1_000;
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (name === undefined) {
    name = `dw_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    if (preparedNames.size < MAX_PREPARED_NAMES) preparedNames.set(text, name);
  }
  return name;
}

/**
 * SQLSTATEs of a prepared statement that does not serve on this connection: 0A000 `cached plan must not change
 * result type` (DDL changed what it returns), 26000 `prepared statement does not exist` (a pooler's `DISCARD ALL`
 * dropped it) and 42P05 `prepared statement already exists` (a pooler handed over a server session that another
 * client prepared it on). Matched by code, not message: messages follow the server's `lc_messages`.
 */
const STALE_PREPARED = new Set(['0A000', '26000', '42P05']);

/**
 * A hot read (CompiledOnce) as a named prepared statement: PostgreSQL parses and plans it once per connection
 * instead of on every call. Planning the cached-read statement of an L4 GET (then three indexed subqueries) cost
 * ~260 µs of the database's CPU per call against ~90 µs to run it prepared (docs/benchmarks.md). Same pool,
 * connections and type parsers as Kysely's own queries; a transaction is another Kysely instance, so its reads
 * never come here and stay on its connection. A connection whose statement went stale is closed (pg keeps
 * believing it prepared) and the read runs once more, unnamed, on another.
 */
async function preparedRead(pool: pg.Pool, text: string, values: readonly unknown[]): Promise<unknown[]> {
  const client = await pool.connect();
  try {
    const result = await client.query({ name: preparedName(text), text, values: [...values] });
    client.release();
    return result.rows;
  } catch (error) {
    const stale = STALE_PREPARED.has(String((error as { code?: unknown } | null | undefined)?.code));
    client.release(stale ? (error as Error) : undefined);
    if (!stale) throw error;
    return (await pool.query({ text, values: [...values] })).rows;
  }
}

/**
 * Many cached-read checks in one statement: per position, the tenant's configuration generation and the live
 * ticket's id and version, as `withTicketVersion`'s own statement reads them for one. Each check still costs an
 * index probe or two; what the checks share is the statement's fixed cost (a round trip, executor start-up,
 * a snapshot), most of the ~90 µs of database CPU a prepared check costs alone (docs/benchmarks.md).
 */
const SHARED_VERSION_READS = `select q.i, (select generation from config_generations where tenant_org = q.org) as generation,
  t.id as ticket_id, tv.version
from unnest(cast($1 as bigint[]), cast($2 as bigint[]), cast($3 as text[])) with ordinality as q(org, num, tid, i)
left join lateral (
  select id from tickets
  where org_id = q.org and deleted_at is null and (number = q.num or id = q.tid)
  limit 1
) t on true
left join ticket_versions tv on tv.ticket_id = t.id
order by q.i`;

/** Unquoted identifiers only: the name goes into a `-c search_path=` startup option, where quoting is fragile. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** PostgreSQL through a `pg` connection pool: what several server instances share. */
export class PostgresAdapter implements StorageAdapter {
  readonly name = 'postgres';
  readonly integerType = 'bigint';
  readonly textSearch = postgresTextSearch;
  readonly integerList = {
    condition: (column: string, list: unknown) => sql<SqlBool>`${sql.ref(column)} = any(cast(${list} as bigint[]))`,
    parameter: (values: readonly number[]) => [...values],
  };
  readonly autoIncrementType = 'bigint';
  readonly skipLocked = true;
  /**
   * At most two check statements (alone or shared) run at once; checks arriving meanwhile queue and share the
   * next. Two is what measured best on two cores (docs/benchmarks.md, seventh pass: one leaves the time saved
   * to waiting, three shares less), and it stays below the pool's size so writes and other reads keep
   * connections. A queued check waits no longer than a query waits for a connection.
   */
  readonly sharedVersionReads: NonNullable<StorageAdapter['sharedVersionReads']>;
  readonly schema: string;
  readonly #options: Readonly<PostgresAdapterOptions>;
  #pool: pg.Pool | undefined;

  constructor(options: PostgresAdapterOptions) {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) {
      throw new TypeError(`invalid PostgreSQL schema name "${schema}": use lowercase letters, digits and _`);
    }
    this.schema = schema;
    this.#options = Object.freeze({ ...options });
    this.sharedVersionReads = {
      statement: SHARED_VERSION_READS,
      maxInFlight: Math.max(1, Math.min(2, (options.poolSize ?? DEFAULT_POOL_SIZE) - 1)),
      maxBatch: 64,
      queueTimeoutMs: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    };
  }

  autoIncrementPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
    // BY DEFAULT, not ALWAYS: seeding inserts documented ids (the demo's conversation ids).
    return column.generatedByDefaultAsIdentity().primaryKey();
  }

  connect(): Kysely<Database> {
    const pool = new pg.Pool({
      connectionString: this.#options.connectionString,
      max: this.#options.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: this.#options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      // No parallel plans: Deskwire's statements are index lookups and short ranges that gain nothing from them,
      // and a parallel worker fails with 3F000 "schema does not exist" when the session's search_path names a
      // schema created after the connection opened (a fresh store's first migration; seen in CI).
      options: `-c search_path=${this.schema} -c max_parallel_workers_per_gather=0`,
      types: { getTypeParser: typeParser },
    });
    // An idle client whose server connection drops emits 'error' on the pool; unhandled, that would
    // end the process. The next query simply gets a fresh connection.
    pool.on('error', () => {});
    this.#pool = pool;
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (this.#options.preparedStatements !== false)
      allowDirectReads(db, (text, values) => preparedRead(pool, text, values));
    return db;
  }

  poolStats(): PoolStats {
    const pool = this.#pool;
    return pool
      ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }
      : { total: 0, idle: 0, waiting: 0 };
  }

  migrationDatabase(db: Kysely<Database>): Kysely<Database> {
    return withSchemaScopedIntrospection(db, this.schema);
  }

  async prepare(db: Kysely<Database>): Promise<void> {
    // Look first: CREATE SCHEMA checks the CREATE privilege on the database even when the schema exists,
    // and a deployment's role often lacks it.
    const { rows } = await sql`select 1 from pg_namespace where nspname = ${this.schema}`.execute(db);
    if (rows.length > 0) return;
    try {
      await sql`create schema if not exists ${sql.id(this.schema)}`.execute(db);
    } catch (error) {
      // Two processes creating the schema at once: one of them loses the race on the catalog's unique
      // index (23505) even with IF NOT EXISTS; the schema exists either way.
      if ((error as { code?: string }).code !== '23505') throw error;
    }
  }

  classifyError(error: unknown): StoreFailure | undefined {
    if (isTransientPostgresError(error)) return 'busy';
    // SQLSTATE 23505 unique_violation: every write checks for an existing row before inserting, so this
    // means another request inserted the same key in between (READ COMMITTED does not serialise writers).
    if ((error as { code?: unknown } | null)?.code === '23505') return 'conflict';
    return undefined;
  }

  async advanceAutoIncrement(db: Kysely<Database>, table: AutoNumberedTable, id: number): Promise<void> {
    // Only ever forwards: the sequence may already be past `id`. (Seeding is the one caller, so the
    // gap between reading and setting the sequence does not race with other explicit ids.)
    await sql`select setval(seq, greatest(${id}, coalesce(pg_sequence_last_value(seq), 1)))
      from (select pg_get_serial_sequence(${table}, 'id')::regclass as seq) as s`.execute(db);
  }
}
