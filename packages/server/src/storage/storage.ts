import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { StoreFailure, TransactionalStore } from '../core/store.js';
import { ActivityRepository } from './activity-repository.js';
import { ConfigGenerationRepository } from './config-generation-repository.js';
import type { Database } from './database-schema.js';
import { EmailRepository } from './email-repository.js';
import { EventRepository } from './event-repository.js';
import { FieldRepository } from './field-repository.js';
import { HistoryRepository } from './history-repository.js';
import { KaptureRepository } from './kapture-repository.js';
import { LeadRepository } from './lead-repository.js';
import { initialMigration } from './migrations/0001-initial.js';
import { ticketHistoryMigration } from './migrations/0002-ticket-history.js';
import { kaptureMigration } from './migrations/0003-kapture.js';
import { attachmentTicketIndexMigration } from './migrations/0004-attachment-ticket-index.js';
import { configGenerationsMigration } from './migrations/0007-config-generations.js';
import { emailChannelMigration } from './migrations/0009-email-channel.js';
import { ticketSearchMigration } from './migrations/0010-ticket-search.js';
import { agentSessionsMigration } from './migrations/0011-agent-sessions.js';
import { eventLogMigration } from './migrations/0012-event-log.js';
import { ticketVersionsMigration } from './migrations/0014-ticket-versions.js';
import { recordVersionsMigration } from './migrations/0016-record-versions.js';
import { searchDocumentInlineMigration } from './migrations/0017-search-document-inline.js';
import { type MigrationMode, SchemaNotCurrentError, type SchemaStatus } from './schema-status.js';
import { SessionRepository } from './session-repository.js';
import { SettingsRepository } from './settings-repository.js';
import type { PoolStats, StorageAdapter } from './storage-adapter.js';
import { TenantDataRepository } from './tenant-data-repository.js';
import { TenantRepository } from './tenant-repository.js';
import { TicketQueryRepository } from './ticket-query-repository.js';
import { TicketRepository } from './ticket-repository.js';
import { TicketSearchIndex } from './ticket-search-index.js';
import { TicketSearchRepository } from './ticket-search-repository.js';
import { TokenRepository } from './token-repository.js';
import { UserRepository } from './user-repository.js';
import { WebhookRepository } from './webhook-repository.js';

/** Options of `Storage.open`. */
export interface StorageOpenOptions {
  /**
   * `apply` (default): apply pending migrations. `require-current`: reject with `SchemaNotCurrentError`
   * unless the schema is exactly this build's. `initialize`: apply every migration to an empty store (none
   * recorded: a fresh data directory or schema), else as `require-current` (`deskwire serve`).
   * `none`: neither (for `deskwire migrate --status`).
   * A database migrated by a newer build is rejected in every mode but `none`.
   */
  migrations?: MigrationMode | 'none';
  /**
   * `false` leaves the search rows unwritten (lists and searches then miss every ticket written): only
   * for the benchmark that measures what keeping the index costs a write. Default `true`.
   */
  searchIndexing?: boolean;
}

/**
 * The repositories over `db`. `onAppend` runs when they append an event (inside a transaction: at its
 * commit); `searchIndexing` (see `StorageOpenOptions`) keeps the search rows in step.
 */
function bind(db: Kysely<Database>, adapter: StorageAdapter, searchIndexing: boolean, onAppend: () => void) {
  const search = new TicketSearchIndex(db, adapter.textSearch, searchIndexing);
  return {
    settings: new SettingsRepository(db),
    tenants: new TenantRepository(db),
    users: new UserRepository(db),
    fields: new FieldRepository(db, search),
    leads: new LeadRepository(db),
    tickets: new TicketRepository(db, search, adapter.integerList),
    activities: new ActivityRepository(db, adapter, search),
    history: new HistoryRepository(db),
    tenantData: new TenantDataRepository(db),
    tokens: new TokenRepository(db),
    kapture: new KaptureRepository(db),
    ticketQueries: new TicketQueryRepository(db),
    configGenerations: new ConfigGenerationRepository(db, adapter.sharedVersionReads),
    email: new EmailRepository(db, async (work) => {
      if (db.isTransaction) return work(db, new EventRepository(db, onAppend));
      let appended = false;
      const result = await db.transaction().execute((trx) =>
        work(
          trx,
          new EventRepository(trx, () => {
            appended = true;
          }),
        ),
      );
      if (appended) onAppend();
      return result;
    }),
    events: new EventRepository(db, onAppend),
    webhooks: new WebhookRepository(db, adapter),
    ticketSearch: new TicketSearchRepository(db, adapter.textSearch, search),
    sessions: new SessionRepository(db),
  };
}

function joinable(
  db: Kysely<Database>,
  adapter: StorageAdapter,
  searchIndexing: boolean,
  onAppend: () => void,
): TransactionalStore {
  const store: TransactionalStore = {
    ...bind(db, adapter, searchIndexing, onAppend),
    transaction: (work) => work(store),
  };
  return store;
}

/** The ticket store: repositories plus `transaction`, over whichever engine the adapter opened. */
export class Storage implements TransactionalStore {
  readonly settings: SettingsRepository;
  readonly tenants: TenantRepository;
  readonly users: UserRepository;
  readonly fields: FieldRepository;
  readonly leads: LeadRepository;
  readonly tickets: TicketRepository;
  readonly activities: ActivityRepository;
  readonly history: HistoryRepository;
  readonly tenantData: TenantDataRepository;
  readonly tokens: TokenRepository;
  readonly kapture: KaptureRepository;
  readonly ticketQueries: TicketQueryRepository;
  readonly configGenerations: ConfigGenerationRepository;
  readonly email: EmailRepository;
  readonly ticketSearch: TicketSearchRepository;
  readonly sessions: SessionRepository;
  readonly events: EventRepository;
  readonly webhooks: WebhookRepository;
  readonly #db: Kysely<Database>;
  /** Called after every commit that appended events (the webhook dispatcher's wake-up). */
  readonly #commitListeners = new Set<() => void>();

  readonly #searchIndexing: boolean;

  private constructor(
    db: Kysely<Database>,
    readonly adapter: StorageAdapter,
    searchIndexing: boolean,
  ) {
    this.#db = db;
    this.#searchIndexing = searchIndexing;
    ({
      settings: this.settings,
      tenants: this.tenants,
      users: this.users,
      fields: this.fields,
      leads: this.leads,
      tickets: this.tickets,
      activities: this.activities,
      history: this.history,
      tenantData: this.tenantData,
      tokens: this.tokens,
      kapture: this.kapture,
      ticketQueries: this.ticketQueries,
      configGenerations: this.configGenerations,
      email: this.email,
      ticketSearch: this.ticketSearch,
      sessions: this.sessions,
      events: this.events,
      webhooks: this.webhooks,
    } = bind(db, adapter, searchIndexing, () => this.#eventsCommitted()));
  }

  /** Connects through the adapter and, by default, brings the schema up to date (see `StorageOpenOptions`). */
  static async open(adapter: StorageAdapter, options: StorageOpenOptions = {}): Promise<Storage> {
    const db = adapter.connect();
    const storage = new Storage(db, adapter, options.searchIndexing ?? true);
    try {
      await adapter.prepare?.(db);
      const mode = options.migrations ?? 'apply';
      if (mode !== 'none') {
        const status = await storage.schemaStatus();
        const empty = status.applied.length === 0 && status.unknown.length === 0;
        const strict = mode === 'require-current' || (mode === 'initialize' && !empty);
        if (status.unknown.length > 0 || (strict && status.pending.length > 0)) {
          throw new SchemaNotCurrentError(status);
        }
        if (status.pending.length > 0) await storage.migrate();
      }
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return storage;
  }

  /** Runs `work` in one transaction: every write inside commits together or not at all. */
  /** What an error from this store means to a caller (see `StoreFailure`); `undefined` for anything else. */
  classifyError(error: unknown): StoreFailure | undefined {
    return this.adapter.classifyError(error);
  }

  async transaction<T>(work: (tx: TransactionalStore) => Promise<T>): Promise<T> {
    let appended = false;
    const result = await this.#db.transaction().execute((trx) =>
      work(
        joinable(trx, this.adapter, this.#searchIndexing, () => {
          appended = true;
        }),
      ),
    );
    if (appended) this.#eventsCommitted();
    return result;
  }

  /** Calls `listener` after each commit that appended events; returns the unsubscribe function. */
  onEventsCommitted(listener: () => void): () => void {
    this.#commitListeners.add(listener);
    return () => this.#commitListeners.delete(listener);
  }

  #eventsCommitted(): void {
    for (const listener of this.#commitListeners) listener();
  }

  /**
   * Applies pending migrations, in order, and returns the names applied. Fails (and changes nothing
   * more) on a migration error, or with `SchemaNotCurrentError` when a newer build migrated the database.
   */
  async migrate(): Promise<string[]> {
    const status = await this.schemaStatus();
    if (status.unknown.length > 0) throw new SchemaNotCurrentError(status);
    const { error, results = [] } = await this.#migrator().migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  /** Which migrations the database has had, which are pending, and which this build does not know. */
  async schemaStatus(): Promise<SchemaStatus> {
    const known = Object.keys(await migrationsFor(this.adapter).getMigrations());
    const recorded = await this.#recordedMigrations();
    const applied = known.filter((name) => recorded.has(name));
    return {
      applied,
      pending: known.filter((name) => !recorded.has(name)),
      unknown: [...recorded].filter((name) => !known.includes(name)).sort(),
    };
  }

  /** Names in Kysely's migration table; none when the table does not exist yet (a fresh database). */
  async #recordedMigrations(): Promise<Set<string>> {
    // Through `Kysely<any>`: the migration table belongs to Kysely's Migrator, not to our schema types.
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const db = this.#db as Kysely<any>;
    try {
      const table = this.adapter.schema === undefined ? db : db.withSchema(this.adapter.schema);
      const rows: Array<{ name: string }> = await table.selectFrom(MIGRATION_TABLE).select('name').execute();
      return new Set(rows.map((r) => r.name));
    } catch (error) {
      if (isMissingTable(error)) return new Set();
      throw error;
    }
  }

  #migrator(): Migrator {
    return new Migrator({
      db: this.adapter.migrationDatabase?.(this.#db) ?? this.#db,
      provider: migrationsFor(this.adapter),
      ...(this.adapter.schema !== undefined && { migrationTableSchema: this.adapter.schema }),
    });
  }

  /** A cheap round trip, for `/healthz`. */
  async ping(): Promise<void> {
    await this.#db.selectFrom('settings').select('name').limit(1).execute();
  }

  /** Pool occupancy, when the engine has a pool (`/metrics`). */
  poolStats(): PoolStats | undefined {
    return this.adapter.poolStats?.();
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

/** Kysely's default migration table name (kysely/migration `DEFAULT_MIGRATION_TABLE`). */
const MIGRATION_TABLE = 'kysely_migration';

/** SQLite: "no such table"; PostgreSQL: SQLSTATE 42P01 undefined_table. */
function isMissingTable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === '42P01' || (typeof e.message === 'string' && e.message.startsWith('no such table'));
}

function migrationsFor(adapter: StorageAdapter): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': initialMigration(adapter),
    '0002-ticket-history': ticketHistoryMigration(adapter),
    '0003-kapture': kaptureMigration(adapter),
    '0004-attachment-ticket-index': attachmentTicketIndexMigration(),
    '0007-config-generations': configGenerationsMigration(adapter),
    '0009-email-channel': emailChannelMigration(adapter),
    '0010-ticket-search': ticketSearchMigration(adapter),
    '0011-agent-sessions': agentSessionsMigration(adapter),
    '0012-event-log': eventLogMigration(adapter),
    '0014-ticket-versions': ticketVersionsMigration(adapter),
    '0016-record-versions': recordVersionsMigration(adapter),
    '0017-search-document-inline': searchDocumentInlineMigration(adapter),
  };
  return { getMigrations: async () => migrations };
}
