import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { ActivityRepository } from './activity-repository.js';
import type { Database } from './database-schema.js';
import { FieldRepository } from './field-repository.js';
import { HistoryRepository } from './history-repository.js';
import { KaptureRepository } from './kapture-repository.js';
import { LeadRepository } from './lead-repository.js';
import { initialMigration } from './migrations/0001-initial.js';
import { ticketHistoryMigration } from './migrations/0002-ticket-history.js';
import { kaptureMigration } from './migrations/0003-kapture.js';
import { SettingsRepository } from './settings-repository.js';
import type { PoolStats, StorageAdapter } from './storage-adapter.js';
import { TenantDataRepository } from './tenant-data-repository.js';
import { TenantRepository } from './tenant-repository.js';
import { TicketQueryRepository } from './ticket-query-repository.js';
import { TicketRepository } from './ticket-repository.js';
import { TokenRepository } from './token-repository.js';
import { UserRepository } from './user-repository.js';

/** The repositories, bound to the database or to one open transaction. */
export interface Repositories {
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
}

function bind(db: Kysely<Database>): Repositories {
  return {
    settings: new SettingsRepository(db),
    tenants: new TenantRepository(db),
    users: new UserRepository(db),
    fields: new FieldRepository(db),
    leads: new LeadRepository(db),
    tickets: new TicketRepository(db),
    activities: new ActivityRepository(db),
    history: new HistoryRepository(db),
    tenantData: new TenantDataRepository(db),
    tokens: new TokenRepository(db),
    kapture: new KaptureRepository(db),
    ticketQueries: new TicketQueryRepository(db),
  };
}

/**
 * Repositories plus `transaction`. Inside a transaction, `transaction` joins the open one instead of
 * starting another, so core functions compose: a dialect operation that calls several of them (a
 * Kapture update writes fields, routing state and a note) commits or fails as one.
 */
export interface TransactionalStore extends Repositories {
  transaction<T>(work: (tx: TransactionalStore) => Promise<T>): Promise<T>;
}

function joinable(db: Kysely<Database>): TransactionalStore {
  const store: TransactionalStore = { ...bind(db), transaction: (work) => work(store) };
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
  readonly #db: Kysely<Database>;

  private constructor(
    db: Kysely<Database>,
    readonly adapter: StorageAdapter,
  ) {
    this.#db = db;
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
    } = bind(db));
  }

  /** Connects through the adapter and brings the schema up to date. */
  static async open(adapter: StorageAdapter): Promise<Storage> {
    const db = adapter.connect();
    const storage = new Storage(db, adapter);
    try {
      await storage.migrate();
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return storage;
  }

  /** Runs `work` in one transaction: every write inside commits together or not at all. */
  transaction<T>(work: (tx: TransactionalStore) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => work(joinable(trx)));
  }

  /** Applies pending migrations; fails (and changes nothing more) on a migration error. */
  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.#db, provider: migrationsFor(this.adapter) });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
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

function migrationsFor(adapter: StorageAdapter): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': initialMigration(adapter),
    '0002-ticket-history': ticketHistoryMigration(adapter),
    '0003-kapture': kaptureMigration(adapter),
  };
  return { getMigrations: async () => migrations };
}
