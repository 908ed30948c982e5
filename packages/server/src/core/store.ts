import type {
  Activity,
  ActivityStats,
  ActivityType,
  AgentSession,
  ApiKey,
  ApiToken,
  Attachment,
  AttachmentRecord,
  DeletedTicketData,
  FieldChange,
  FieldValue,
  KaptureTicketState,
  Lead,
  LookupValue,
  NewActivity,
  NewAttachment,
  Role,
  StoredFile,
  StoredLead,
  Tenant,
  TenantPatch,
  Ticket,
  TicketField,
  TicketLookup,
  User,
  UserAccount,
} from './domain.js';
import type { EmailStore } from './email-store.js';
import type { EventStore, WebhookStore } from './event-log.js';
import type { TicketSearchStore } from './ticket-search-store.js';

export type { EmailStore } from './email-store.js';
export type { TicketSearchStore } from './ticket-search-store.js';

/*
 * The store core works on, declared here and implemented by storage/ (one adapter per engine), so that
 * core never imports storage: the dependency points from storage to core only.
 */

/** Server-wide settings shared by every instance on the same database (e.g. the URL-signing key). */
export interface SettingsStore {
  get(name: string): Promise<string | undefined>;
  /** Stores `value` unless the setting exists; returns the value in force (first writer wins). */
  getOrInit(name: string, value: string): Promise<string>;
  /** Removes a setting; whether it existed. */
  delete(name: string): Promise<boolean>;
}

export interface TenantStore {
  create(tenant: Tenant): Promise<void>;
  get(orgId: number): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
  update(orgId: number, patch: TenantPatch): Promise<boolean>;
  /**
   * Takes the next ticket number of a tenant. The increment and the read are one statement, so two
   * concurrent creates can never get the same number (and the caller's transaction keeps it gap-free).
   */
  allocateTicketNumber(orgId: number): Promise<number>;
  /** Moves the counter forward so that the next ticket gets a number above `number` (seeding). */
  reserveTicketNumber(orgId: number, number: number): Promise<void>;
}

/** Users (agents) and the API key pairs that belong to them. */
export interface UserStore {
  create(user: User, now: Date): Promise<void>;
  get(orgId: number, id: string): Promise<User | undefined>;
  /** Whether any tenant has a user with this id (ids are globally unique). */
  exists(id: string): Promise<boolean>;
  list(orgId: number): Promise<User[]>;
  createKey(
    key: {
      accessKey: string;
      secretHash: string;
      userId: string;
      orgId: number;
    },
    now: Date,
  ): Promise<void>;
  /** The key with its owner, or `undefined` when no such access key exists. */
  findKey(accessKey: string): Promise<ApiKey | undefined>;
  revokeKey(orgId: number, accessKey: string, now: Date): Promise<boolean>;
  /** Revokes every active key of a user (disabling them); how many. */
  revokeUserKeys(orgId: number, userId: string, now: Date): Promise<number>;
  /** A user with password hash and disabled mark. */
  getAccount(orgId: number, id: string): Promise<UserAccount | undefined>;
  /** The tenant's users with password state, oldest first. */
  listAccounts(orgId: number): Promise<UserAccount[]>;
  /** Users of any tenant with this email address (compared case-insensitively), for signing in. */
  findAccountsByEmail(email: string): Promise<UserAccount[]>;
  /** Changes a user's name, role, password hash or disabled mark; false when no such user. */
  updateAccount(
    orgId: number,
    id: string,
    patch: { name?: string; role?: Role; passwordHash?: string | null; disabledAt?: Date | null },
  ): Promise<boolean>;
}

/** Agent sessions (docs/api.md): rows keyed by the SHA-256 of the session token. */
export interface SessionStore {
  create(session: AgentSession): Promise<void>;
  find(tokenHash: string): Promise<AgentSession | undefined>;
  /** Records a use: moves `lastUsedAt` and the idle expiry. */
  touch(tokenHash: string, now: Date, idleExpiresAt: Date): Promise<void>;
  delete(tokenHash: string): Promise<boolean>;
  /** Ends every session of a user (disabled, or a new password); how many. */
  deleteForUser(orgId: number, userId: string): Promise<number>;
  /** Removes sessions past either expiry; how many. */
  deleteExpired(now: Date): Promise<number>;
}

/** A tenant's ticket types, ticket field definitions and lookup values. */
export interface FieldStore {
  upsertTicketType(orgId: number, id: number, name: string): Promise<void>;
  hasTicketType(orgId: number, id: number): Promise<boolean>;
  upsertField(orgId: number, field: TicketField, now: Date): Promise<void>;
  /** The tenant's fields in display order (`sequence`), as the get-ticket response lists them. */
  listFields(orgId: number): Promise<TicketField[]>;
  listLookupValues(orgId: number, schemaName?: string): Promise<LookupValue[]>;
  /** Replaces every value of one lookup (the CLI's `lookups set`). */
  replaceLookupValues(orgId: number, schemaName: string, values: readonly LookupValue[]): Promise<void>;
}

export interface LeadStore {
  create(lead: Lead, now: Date): Promise<void>;
  get(orgId: number, id: string): Promise<StoredLead | undefined>;
  /** `get` for several ids at once: the tenant's leads by id; ids of no lead of the tenant are absent. */
  getMany(orgId: number, ids: readonly string[]): Promise<Map<string, Lead>>;
  /** Finds a lead by email address (stored lower-case) or phone, the identifiers the docs list. */
  findBy(orgId: number, key: 'email' | 'phone', value: string): Promise<StoredLead | undefined>;
  /** The tenant's leads whose GUID starts with `prefix` (lower-case hex), oldest first. */
  findByIdPrefix(orgId: number, prefix: string): Promise<StoredLead[]>;
  /** Rewrites a lead's contact details, names and attributes (its id, tenant and creation stay). */
  update(lead: Lead): Promise<void>;
}

export interface TicketStore {
  insert(ticket: Ticket, values: ReadonlyMap<string, FieldValue>): Promise<void>;
  /** Writes (inserts or replaces) field values and moves `updated_at`. */
  update(
    ticketId: string,
    values: ReadonlyMap<string, FieldValue>,
    patch: {
      leadId?: string;
      updatedAt: Date;
    },
  ): Promise<void>;
  /** Soft-deletes a live ticket; returns false when there was none with that number. */
  trash(orgId: number, number: number, at: Date): Promise<boolean>;
  /** Takes a trashed ticket out of the trash (moving `updated_at`); false when no trashed ticket has that number. */
  restore(orgId: number, number: number, at: Date): Promise<boolean>;
  /** A live (not trashed) ticket of the tenant, or `undefined`. */
  find(orgId: number, lookup: TicketLookup): Promise<Ticket | undefined>;
  values(ticketId: string): Promise<Map<string, FieldValue>>;
  /** `find` and `values` in one statement (the L4 read: one round trip instead of two on PostgreSQL). */
  findWithValues(
    orgId: number,
    lookup: TicketLookup,
  ): Promise<{ ticket: Ticket; values: Map<string, FieldValue> } | undefined>;
  /**
   * A live ticket's id and version, which the store moves on every change to the ticket or its values,
   * whoever writes; `undefined` when there is no live ticket. Cached read answers are checked against it.
   */
  version(orgId: number, lookup: TicketLookup): Promise<TicketVersion | undefined>;
  /** `version` for several live tickets by number, in one statement: number → id and version. */
  versionsMany(orgId: number, numbers: readonly number[]): Promise<Map<number, TicketVersion>>;
  /**
   * The tenant's live tickets with these numbers, in the order asked for, duplicates once; numbers
   * that name no live ticket of the tenant are left out (as `find` gives `undefined` for them).
   */
  findMany(orgId: number, numbers: readonly number[]): Promise<Ticket[]>;
  /** `values` for each ticket: every id asked for has an entry (empty when it has no values). */
  valuesMany(ticketIds: readonly string[]): Promise<Map<string, Map<string, FieldValue>>>;
}

/** Conversations, internal notes and their files. */
export interface ActivityStore {
  insert(activity: NewActivity): Promise<number>;
  insertAttachments(attachments: readonly NewAttachment[]): Promise<void>;
  /** Attaches stored files to a ticket (`activityId: null`) or to one of its activities. */
  attach(
    target: {
      orgId: number;
      ticketId: string;
      activityId: number | null;
      createdAt: Date;
    },
    files: readonly StoredFile[],
    newId: () => string,
  ): Promise<string[]>;
  /** A ticket's activities of the given types, oldest first, each with its attachments. */
  list(ticketId: string, types: readonly ActivityType[]): Promise<Activity[]>;
  /** Files attached to the ticket itself (multipart create), oldest first. */
  listTicketFiles(ticketId: string): Promise<Attachment[]>;
  /**
   * `list` for each ticket, in two statements (per chunk) whatever the number of tickets: every id
   * asked for has an entry, its activities oldest first, each with its attachments in `list`'s order.
   */
  listMany(ticketIds: readonly string[], types: readonly ActivityType[]): Promise<Map<string, Activity[]>>;
  /** `listTicketFiles` for each ticket: every id asked for has an entry, its files in the same order. */
  listTicketFilesMany(ticketIds: readonly string[]): Promise<Map<string, Attachment[]>>;
  /**
   * An attachment whose ticket is live (not in the trash): what a download may serve. Trashing a ticket
   * thereby revokes every Deskwire-signed link to its files at once.
   */
  getLiveAttachment(id: string): Promise<AttachmentRecord | undefined>;
  /** Whether any attachment row still points at a blob (so a failed write may delete it). */
  isBlobReferenced(sha256: string): Promise<boolean>;
  /** Which of `hashes` any attachment row points at: one indexed `IN` query (the orphan sweep's batches). */
  referencedBlobs(hashes: readonly string[]): Promise<Set<string>>;
}

/** Field-level change history of tickets. */
export interface HistoryStore {
  record(orgId: number, ticketId: string, changes: readonly FieldChange[]): Promise<void>;
  /** A ticket's changes, oldest first. */
  list(ticketId: string): Promise<FieldChange[]>;
  /** `list` for each ticket (oldest first): every id asked for has an entry, empty without changes. */
  listMany(ticketIds: readonly string[]): Promise<Map<string, FieldChange[]>>;
}

/**
 * Bulk deletes of one tenant's rows, for the sandbox reset and tenant deletion (core/reset-tenant.ts).
 * Plain deletes in dependency order: nothing relies on the engine cascading.
 */
export interface TenantDataStore {
  /**
   * Deletes every ticket (trashed ones too), with its values, conversations, notes, attachment rows
   * and history, and every lead, then restarts ticket numbering at 1. Returns the counts and the
   * blob hashes the deleted attachments referred to (the caller removes blobs nothing else uses).
   */
  deleteTicketData(orgId: number): Promise<{
    deleted: DeletedTicketData;
    blobs: string[];
  }>;
  /** Deletes the tenant's ticket types, field definitions and lookup values (to be re-created). */
  deleteConfiguration(orgId: number): Promise<void>;
  /** Deletes the tenant's credentials, users and the tenant itself; call after the two deletes above. */
  deleteAccess(orgId: number): Promise<void>;
}

/** Per-API auth tokens (the Kapture dialect's `Authorization: Basic <token>`). */
export interface TokenStore {
  create(token: ApiToken, secretHash: string): Promise<void>;
  /** The token with that public id and its secret's hash, or `undefined`. */
  find(id: string): Promise<
    | {
        record: ApiToken;
        secretHash: string;
      }
    | undefined
  >;
  list(orgId: number): Promise<
    Array<{
      record: ApiToken;
    }>
  >;
  revoke(orgId: number, id: string, now: Date): Promise<boolean>;
}

/** A tenant's Kapture configuration and each ticket's Kapture-only state. */
export interface KaptureStore {
  /** The stored settings object (validated by core/kapture-settings.ts when written), or `undefined`. */
  getSettings(orgId: number): Promise<unknown>;
  putSettings(orgId: number, settings: object, now: Date): Promise<void>;
  /** The states of the given tickets that have one (tickets without a row have the defaults). */
  getTicketStates(ticketIds: readonly string[]): Promise<Map<string, KaptureTicketState>>;
  putTicketState(orgId: number, ticketId: string, state: KaptureTicketState, now: Date): Promise<void>;
}

/** Read-side queries across a tenant's tickets (listing by creation time, activity summaries). */
export interface TicketQueryStore {
  /** How many live tickets of the tenant were created in `[from, to)`. */
  countCreatedBetween(orgId: number, from: Date, to: Date): Promise<number>;
  /** Numbers of the live tickets created in `[from, to)`, oldest first, one page of them. */
  listCreatedBetween(
    orgId: number,
    range: {
      from: Date;
      to: Date;
    },
    page: {
      limit: number;
      offset: number;
    },
  ): Promise<number[]>;
  /** Activity counts by kind and the latest activity, for each ticket (tickets without any are absent). */
  activityStats(ticketIds: readonly string[]): Promise<Map<string, ActivityStats>>;
}

/** The repositories, bound to the database or to one open transaction. */
export interface Repositories {
  readonly settings: SettingsStore;
  readonly tenants: TenantStore;
  readonly users: UserStore;
  readonly fields: FieldStore;
  readonly leads: LeadStore;
  readonly tickets: TicketStore;
  readonly activities: ActivityStore;
  readonly history: HistoryStore;
  readonly tenantData: TenantDataStore;
  readonly tokens: TokenStore;
  readonly kapture: KaptureStore;
  readonly ticketQueries: TicketQueryStore;
  readonly email: EmailStore;
  readonly configGenerations: ConfigGenerationStore;
  readonly ticketSearch: TicketSearchStore;
  readonly sessions: SessionStore;
  readonly events: EventStore;
  readonly webhooks: WebhookStore;
}

/**
 * The per-tenant configuration generation that the store moves on every change to what servers cache
 * (tenant settings, users, keys, tokens, Kapture settings, fields, lookups, ticket types), whoever writes
 * (core/tenant-config-cache.ts; storage: migration 0007's triggers).
 */
export interface ConfigGenerationStore {
  /** 0 for a tenant whose configuration has not changed since the counter was introduced (or that does not exist). */
  get(orgId: number): Promise<number>;
  /**
   * `get` and `TicketStore.version` in one statement (one round trip): what a cached one-ticket read
   * checks, read at one point in time.
   */
  withTicketVersion(
    orgId: number,
    lookup: TicketLookup,
  ): Promise<{ generation: number; ticket: TicketVersion | undefined }>;
}

/** A live ticket's id and its version (moved by the store on every change to the ticket or its values). */
export interface TicketVersion {
  ticketId: string;
  version: number;
}

/**
 * Repositories plus `transaction`. Inside a transaction, `transaction` joins the open one instead of
 * starting another, so core functions compose: a dialect operation that calls several of them (a
 * Kapture update writes fields, routing state and a note) commits or fails as one.
 */
export interface TransactionalStore extends Repositories {
  transaction<T>(work: (tx: TransactionalStore) => Promise<T>): Promise<T>;
}

/**
 * A store failure that says "try again", not "this request is wrong": `busy` (lock contention, a lost
 * or exhausted connection) or `conflict` (another writer inserted the same key between a check and an
 * insert). The HTTP layer answers both with 503 and `Retry-After`.
 */
export type StoreFailure = 'busy' | 'conflict';
