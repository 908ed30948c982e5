import type { Generated } from 'kysely';

/**
 * Table types of the ticket store. Kept portable between SQLite and PostgreSQL: booleans are 0/1
 * integers, timestamps ISO-8601 UTC text, structured values JSON text. That leaves the storage
 * adapter (storage-adapter.ts) as the one place where the two engines differ.
 */
export interface Database {
  settings: SettingsTable;
  tenants: TenantsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  ticket_types: TicketTypesTable;
  ticket_fields: TicketFieldsTable;
  lookup_values: LookupValuesTable;
  leads: LeadsTable;
  tickets: TicketsTable;
  ticket_field_values: TicketFieldValuesTable;
  activities: ActivitiesTable;
  attachments: AttachmentsTable;
  ticket_history: TicketHistoryTable;
  api_tokens: ApiTokensTable;
  kapture_settings: KaptureSettingsTable;
  kapture_ticket_state: KaptureTicketStateTable;
  email_mailboxes: EmailMailboxesTable;
  email_settings: EmailSettingsTable;
  email_messages: EmailMessagesTable;
  config_generations: ConfigGenerationsTable;
  ticket_search: TicketSearchTable;
  ticket_search_tags: TicketSearchTagsTable;
  agent_sessions: AgentSessionsTable;
}

/** One signed-in agent session (migration 0011); the token itself is never stored. */
export interface AgentSessionsTable {
  /** SHA-256 (hex) of the session token. */
  token_hash: string;
  org_id: number;
  user_id: string;
  created_at: string;
  last_used_at: string;
  idle_expires_at: string;
  expires_at: string;
}

/** Per-tenant counter moved by triggers on every change to cached configuration (migration 0007). */
export interface ConfigGenerationsTable {
  /** The tenant's org id (not named `org_id`: the row outlives the tenant, see migration 0007). */
  tenant_org: number;
  generation: number;
}

export interface SettingsTable {
  name: string;
  value: string;
}

export interface TenantsTable {
  org_id: number;
  name: string;
  api_enabled: number;
  /** JSON array of CIDR strings; `null` means every address is allowed. */
  ip_allowlist: string | null;
  rate_limit_max: number;
  rate_limit_window_ms: number;
  last_ticket_number: number;
  created_at: string;
}

export interface UsersTable {
  id: string;
  org_id: number;
  name: string;
  email: string | null;
  role: string;
  created_at: string;
  /** `scrypt$…` (security/password-hash.ts), or null: no password sign-in (migration 0011). */
  password_hash: string | null;
  disabled_at: string | null;
}

export interface ApiKeysTable {
  access_key: string;
  /** SHA-256 of the secret key (see security/secret-hash.ts); the secret itself is never stored. */
  secret_hash: string;
  user_id: string;
  org_id: number;
  created_at: string;
  revoked_at: string | null;
}

export interface TicketTypesTable {
  org_id: number;
  id: number;
  name: string;
}

export interface TicketFieldsTable {
  org_id: number;
  schema_name: string;
  display_name: string;
  data_type: string;
  render_type: string;
  /** Schema name of the lookup whose values this field takes, for `Select` fields. */
  lookup_schema: string | null;
  is_mandatory: number;
  /** Writable through the API (TicketKey is not). */
  is_writable: number;
  /** JSON of the value a new ticket gets when the field is not sent. */
  default_value: string;
  sequence: number;
  field_type: string;
  created_at: string;
}

export interface LookupValuesTable {
  org_id: number;
  schema_name: string;
  value: string;
  text: string;
  sorting_order: number;
  active: number;
}

export interface LeadsTable {
  id: string;
  org_id: number;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  /** JSON object of the other `LeadDetail.*` values the lead was created with. */
  attributes: string;
  created_at: string;
}

export interface TicketsTable {
  id: string;
  org_id: number;
  number: number;
  type_id: number;
  lead_id: string | null;
  created_by: string | null;
  /** JSON object of the `Trigger*` flags the ticket was created with. */
  flags: string;
  creation_type: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface TicketFieldValuesTable {
  ticket_id: string;
  schema_name: string;
  /** JSON-encoded, so numbers stay numbers and `null` stays `null` on the wire. */
  value: string;
}

export interface ActivitiesTable {
  id: Generated<number>;
  org_id: number;
  ticket_id: string;
  /** InboundEmail | OutboundEmail | PortalInbound | PortalOutbound | InternalNote */
  type: string;
  html: string | null;
  text: string | null;
  created_by: string;
  created_at: string;
}

export interface AttachmentsTable {
  id: string;
  org_id: number;
  ticket_id: string;
  /** `null` for files attached to the ticket itself (L2 create) rather than to a conversation. */
  activity_id: number | null;
  file_name: string;
  size: number;
  content_type: string;
  sha256: string;
  created_at: string;
}

export interface TicketHistoryTable {
  id: Generated<number>;
  org_id: number;
  ticket_id: string;
  schema_name: string;
  /** JSON-encoded values before and after the change. */
  old_value: string;
  new_value: string;
  changed_by: string | null;
  changed_at: string;
}

/** A Kapture-style auth token: one per tenant and API (`get`, `add`, `update`, `pull`). */
export interface ApiTokensTable {
  /** The token's public id (the part before the secret); what logs and the journal may show. */
  id: string;
  org_id: number;
  api: string;
  /** The user the token acts as (creator of tickets it creates, author of its comments). */
  user_id: string;
  /** SHA-256 of the token's secret part (see security/secret-hash.ts); the secret is never stored. */
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A tenant's Kapture configuration; no row means the documented defaults. */
export interface KaptureSettingsTable {
  org_id: number;
  /** JSON of core/kapture-settings.ts `KaptureSettings`. */
  settings: string;
  updated_at: string;
}

/** What a ticket has only in the Kapture dialect; no row means the defaults (no queue, default disposition). */
export interface KaptureTicketStateTable {
  ticket_id: string;
  org_id: number;
  /** The sub-status key last set, kept so that keys sharing one Status read back exactly. */
  sub_status_key: string | null;
  queue_key: string | null;
  disposition: string | null;
  callback_at: string | null;
  /** JSON object of the extra (tenant) fields sent on K1/K2 that are no configured field. */
  additional_info: string;
  updated_at: string;
}

/** An inbound address (lower-cased) and the tenant whose tickets its mail opens. */
export interface EmailMailboxesTable {
  address: string;
  org_id: number;
  created_at: string;
}

/** A tenant's email settings; no row means the defaults (core/email-domain.ts). */
export interface EmailSettingsTable {
  org_id: number;
  /** JSON of `EmailSettings`. */
  settings: string;
  updated_at: string;
}

/** Every message in or out; an outbound row is also its send job. */
export interface EmailMessagesTable {
  id: string;
  org_id: number;
  /** inbound | outbound */
  direction: string;
  /** message | auto | bounce | reply */
  kind: string;
  ticket_id: string | null;
  activity_id: number | null;
  message_id: string;
  content_hash: string;
  raw_sha256: string;
  from_address: string;
  /** JSON array of addresses. */
  recipients: string;
  subject: string;
  created_at: string;
  /** queued | sent | failed; null for inbound mail. */
  send_state: string | null;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  sent_at: string | null;
}

/**
 * One row per ticket for lists and search (migration 0010): the fields a list filters and sorts on,
 * copied out of `ticket_field_values` so that one index serves a filtered, sorted page, and the plain
 * text the text index was built from (for snippets). Written by storage/ticket-search-index.ts on every
 * ticket and activity write. The engine's text index sits beside it: SQLite `ticket_search_fts`
 * (contentless FTS5, rowid = `doc_id`), PostgreSQL a `document tsvector` column of this table.
 */
export interface TicketSearchTable {
  doc_id: Generated<number>;
  ticket_id: string;
  org_id: number;
  number: number;
  status: string | null;
  priority: string | null;
  /** The Priority lookup's `sorting_order` of `priority` (0 when none): what `sort=priority` orders by. */
  priority_rank: number;
  /** `RelatedAgentId`, lower-case. */
  assignee_id: string | null;
  channel: string | null;
  type: string | null;
  sub_type: string | null;
  /** JSON array of the ticket's tags as written (the lower-cased ones are in `ticket_search_tags`). */
  tags: string;
  lead_id: string | null;
  created_at: string;
  updated_at: string;
  /** 0 live, 1 in the trash. */
  trashed: number;
  trashed_at: string | null;
  title: string;
  /** Description and conversation text (plain), as indexed. */
  body: string;
  /** Internal notes (plain), as indexed. */
  notes: string;
}

/** A ticket's tags, lower-cased, one row each: the `tags` filter's index. */
export interface TicketSearchTagsTable {
  ticket_id: string;
  org_id: number;
  tag: string;
}
