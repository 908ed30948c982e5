/**
 * The ticket domain, independent of any wire dialect and of storage. Dialect mappers turn these into
 * vendor payloads; repositories turn rows into these.
 */
import type { KapTokenApi } from '@deskwire/wire';

export type Role = 'Admin' | 'Agent';

export interface Tenant {
  orgId: number;
  name: string;
  apiEnabled: boolean;
  /** CIDRs allowed to call the API; `null` allows every address. */
  ipAllowlist: string[] | null;
  rateLimit: { max: number; windowMs: number };
  createdAt: Date;
}

export interface User {
  id: string;
  orgId: number;
  name: string;
  email: string | null;
  role: Role;
}

/** A user with what signing in needs (docs/api.md "Authentication"). */
export interface UserAccount {
  user: User;
  /** `scrypt$…` (security/password-hash.ts); `null`: this user cannot sign in with a password. */
  passwordHash: string | null;
  /** A disabled user cannot sign in; their sessions and key pairs were ended when disabled. */
  disabledAt: Date | null;
}

/** A signed-in agent session as stored: only the hash of its token. */
export interface AgentSession {
  tokenHash: string;
  orgId: number;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date;
  /** Moves forward with each use. */
  idleExpiresAt: Date;
  /** Fixed at sign-in. */
  expiresAt: Date;
}

export interface ApiKey {
  accessKey: string;
  secretHash: string;
  user: User;
  revokedAt: Date | null;
}

export type FieldValue = string | number | boolean | null;

export type FieldDataType = 'Text' | 'TextArea' | 'Number' | 'DateTime' | 'Select' | 'Boolean' | 'Guid';

export interface TicketField {
  schemaName: string;
  displayName: string;
  dataType: FieldDataType;
  renderType: string;
  lookupSchema: string | null;
  isMandatory: boolean;
  isWritable: boolean;
  defaultValue: FieldValue;
  sequence: number;
  fieldType: 'standard' | 'custom';
}

export interface LookupValue {
  schemaName: string;
  value: string;
  text: string;
  sortingOrder: number;
  active: boolean;
}

export interface Lead {
  id: string;
  orgId: number;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  attributes: Record<string, string | null>;
}

/** A lead as storage reads it back: with the time it was created (Kapture's `generationDate`). */
export interface StoredLead extends Lead {
  createdAt: Date;
}

export interface TriggerFlags {
  TriggerSLA: boolean;
  TriggerAssignmentRule: boolean;
  TriggerAutomation: boolean;
  TriggerNotification: boolean;
}

export interface Ticket {
  id: string;
  orgId: number;
  number: number;
  typeId: number;
  leadId: string | null;
  createdBy: string | null;
  flags: TriggerFlags;
  creationType: string;
  createdAt: Date;
  updatedAt: Date;
}

export type ConversationType = 'InboundEmail' | 'OutboundEmail' | 'PortalInbound' | 'PortalOutbound';
export type ActivityType = ConversationType | 'InternalNote';

export interface Attachment {
  id: string;
  fileName: string;
  size: number;
  contentType: string;
  sha256: string;
}

export interface Activity {
  id: number;
  ticketId: string;
  type: ActivityType;
  html: string | null;
  text: string | null;
  createdBy: string;
  createdAt: Date;
  attachments: Attachment[];
}

/** One field's change on a ticket (history). */
export interface FieldChange {
  schemaName: string;
  oldValue: FieldValue;
  newValue: FieldValue;
  /** User GUID, or `null` for system changes. */
  changedBy: string | null;
  changedAt: Date;
}

/** A file already written to the blob store, waiting to be attached inside a transaction. */
export interface StoredFile {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  /** True when this upload wrote the blob (so a failed write may remove it again). */
  created: boolean;
}

// Records that cross into storage: the repositories core declares (store.ts) take and return them.

/** How a caller names a ticket: its per-tenant number or its GUID. */
export type TicketLookup = { number: number } | { id: string };

/** A token as stored: everything but the secret, of which only the hash is kept. */
export interface ApiToken {
  /** Public id: safe to log, to list and to pass to `revoke`. */
  id: string;
  orgId: number;
  api: KapTokenApi;
  userId: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** What a ticket has only in the Kapture dialect. A ticket without a stored state has `EMPTY_STATE`. */
export interface KaptureTicketState {
  /** The sub-status key last set (K1/K2); see `currentSubStatus`. */
  subStatusKey: string | null;
  queueKey: string | null;
  /** `null`: the tenant's default disposition. */
  disposition: string | null;
  callbackAt: Date | null;
  /** Extra tenant fields sent on K1/K2 that are no configured field, returned in `additional_info`. */
  additionalInfo: Record<string, unknown>;
}

/** The tenant settings an update may change. */
export type TenantPatch = Partial<Pick<Tenant, 'name' | 'apiEnabled' | 'ipAllowlist' | 'rateLimit'>>;

/** How many rows a reset removed, per kind (what the sandbox and `deskwire tenant reset` report). */
export interface DeletedTicketData {
  tickets: number;
  leads: number;
  activities: number;
  attachments: number;
  history: number;
}

/** Per ticket: how many activities of each kind it has, and its latest one. */
export interface ActivityStats {
  counts: Partial<Record<ActivityType, number>>;
  last: { id: number; type: ActivityType; createdAt: Date } | null;
}

/** A conversation or note to insert. */
export interface NewActivity {
  /** Explicit id, only for seeding documented examples; otherwise the engine numbers it. */
  id?: number;
  orgId: number;
  ticketId: string;
  type: ActivityType;
  html: string | null;
  text: string | null;
  createdBy: string;
  createdAt: Date;
}

/** A stored file to link to a ticket or one of its activities. */
export interface NewAttachment {
  id: string;
  orgId: number;
  ticketId: string;
  activityId: number | null;
  file: StoredFile;
  createdAt: Date;
}

/** A downloadable file and what it belongs to (for the signed download route). */
export interface AttachmentRecord extends Attachment {
  orgId: number;
  ticketId: string;
}

// The email channel (channels/email/, docs/email.md).

/** What happened to a message: a customer's mail, an auto-reply or bulk mail, a bounce, or our reply. */
export type EmailKind = 'message' | 'auto' | 'bounce' | 'reply';

/** Outbound delivery state; `null` for inbound mail. */
export type SendState = 'queued' | 'sent' | 'failed';

export interface EmailMessageRecord {
  id: string;
  orgId: number;
  direction: 'inbound' | 'outbound';
  kind: EmailKind;
  /** `null` for mail recorded without a ticket (auto-replies, bounces). */
  ticketId: string | null;
  activityId: number | null;
  /** Without angle brackets, as written; `''` when the message had none. */
  messageId: string;
  /** SHA-256 of the message body (headers a relay adds left out), the second half of the dedupe key. */
  contentHash: string;
  /** The raw `.eml` in the blob store (audit, re-processing, re-sending). */
  rawSha256: string;
  fromAddress: string;
  recipients: string[];
  subject: string;
  createdAt: Date;
  sendState: SendState | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

/** What a tenant chose for its email: reply relay and From, and what a reply to a closed ticket does. */
export interface EmailSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`; `null`: replies stay queued until one is set. */
  relayUrl: string | null;
  /** From address of replies; default the tenant's first mailbox. */
  fromAddress: string | null;
  /** `reopen` (default): a reply to a Resolved/Closed ticket sets it back to Open; `new-ticket`: opens a new one. */
  reopenRule: 'reopen' | 'new-ticket';
  /** DKIM signing of replies, when set. */
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
  /** A mailbox elsewhere (Gmail, Microsoft 365, …) that Deskwire polls instead of (or besides) SMTP. */
  imap: ImapSource | null;
}

/** `imaps://user:password@imap.example.com:993/INBOX`; processed messages get a keyword or are moved. */
export interface ImapSource {
  url: string;
  /** `flag` (default): keyword `$Deskwire` on each stored message; `move`: into `moveTo`. */
  processed: 'flag' | 'move';
  moveTo: string | null;
}

export const DEFAULT_EMAIL_SETTINGS: Readonly<EmailSettings> = Object.freeze({
  relayUrl: null,
  fromAddress: null,
  reopenRule: 'reopen',
  dkim: null,
  imap: null,
});

// Ticket lists and full-text search (the native API's `GET …/tickets`; storage: TicketSearchStore, docs/search.md).

/** What a ticket list can be ordered by. `relevance` only means something with `text` (else it is `updated`). */
export type TicketSortKey = 'updated' | 'created' | 'number' | 'priority' | 'relevance';

/**
 * One ticket list or search request over one tenant. Every filter narrows (AND across filters, OR within
 * one filter's list); an absent or empty list does not filter. Values compare exactly as stored (the
 * tenant's lookup values, e.g. `Open`, `High`, `Email`).
 */
export interface TicketListQuery {
  /** The tenant; a query never sees another tenant's tickets. */
  orgId: number;
  /** Status field values (`Open`, `On Hold`, …). */
  status?: readonly string[];
  /** Priority field values (`Low`, `High`, …). */
  priority?: readonly string[];
  /** Assigned to any of these users (`RelatedAgentId`, user GUIDs, lower-case). With `unassigned`: either. */
  assigneeIds?: readonly string[];
  /** Tickets with no assignee. Alone: only those; with `assigneeIds`: those or the listed assignees' tickets. */
  unassigned?: boolean;
  /** Channel field values (`Email`, `API`, …). */
  channel?: readonly string[];
  /** Type field values (`General`, `Problem`, …: the `Type` lookup, not the numeric ticket type). */
  type?: readonly string[];
  /** SubType field values. */
  subType?: readonly string[];
  /**
   * Tags: the ticket has every one of these (AND). Tags are the `Tags` field split at commas and
   * semicolons, trimmed, compared case-insensitively.
   */
  tags?: readonly string[];
  /** Created at or after (inclusive). */
  createdFrom?: Date;
  /** Created before (exclusive). */
  createdTo?: Date;
  /** Last updated at or after (inclusive). */
  updatedFrom?: Date;
  /** Last updated before (exclusive). */
  updatedTo?: Date;
  /** `false` (default): only live tickets; `true`: only trashed ones. */
  trashed?: boolean;
  /**
   * Full-text query (docs/search.md): words (all must occur, case-insensitive, in the title,
   * description or conversations), `"quoted phrases"`, `word*` prefixes. Any other character is a
   * separator, never syntax, so no input is an error. Besides the text match, a query that is a ticket
   * number (`143` or `#143`), a ticket GUID, or a lead's email or phone finds those tickets directly,
   * ahead of every text match (`TicketSummary.match === 'direct'`). Empty or blank: no text filter.
   */
  text?: string;
  /** Also search internal notes (agents only: the surface decides who may). Default false. */
  includeNotes?: boolean;
  /** Default: `relevance` with `text`, else `updated`. */
  sort?: TicketSortKey;
  /** Default `desc` (newest, highest number, most urgent, most relevant first). */
  order?: 'asc' | 'desc';
  /**
   * The `nextCursor` of the previous page, opaque. It carries the sort and the position (keyset on
   * sort key and ticket number), so pages neither repeat nor skip tickets when others are written in
   * between. A cursor from a different sort/order is rejected (`InvalidCursorError`).
   */
  after?: string;
  /** Page size, 1–100 (`TICKET_LIST_MAX_LIMIT`); default 25. Larger values are capped, not rejected. */
  limit?: number;
  /** Also count every ticket that matches (`TicketListPage.total`): one more query, costly on big lists. */
  count?: boolean;
}

export const TICKET_LIST_DEFAULT_LIMIT = 25;
export const TICKET_LIST_MAX_LIMIT = 100;

/** A piece of plain text with the spans (`[start, end)`, UTF-16 offsets into `text`) that matched the query. */
export interface HighlightedText {
  /** Where the text comes from. `body` is the description or a conversation; `notes` an internal note. */
  field: 'title' | 'body' | 'notes';
  /** Plain text (never HTML): a consumer escapes it and wraps the ranges itself. */
  text: string;
  /** Sorted, non-overlapping `[start, end)` offsets. */
  highlights: Array<[number, number]>;
  /** Whether text was cut before `text` starts / after it ends (show an ellipsis). */
  truncatedStart: boolean;
  truncatedEnd: boolean;
}

/** One row of a ticket list: what a list view shows, without loading the whole ticket. */
export interface TicketSummary {
  id: string;
  number: number;
  title: string;
  status: string | null;
  priority: string | null;
  /** `RelatedAgentId` (user GUID), `null` when unassigned. */
  assigneeId: string | null;
  channel: string | null;
  type: string | null;
  subType: string | null;
  tags: string[];
  lead: {
    id: string;
    email: string | null;
    phone: string | null;
    firstName: string | null;
    lastName: string | null;
  } | null;
  createdAt: Date;
  updatedAt: Date;
  /** When it was trashed; `null` for a live ticket. */
  trashedAt: Date | null;
  /** Only with `text`: `direct` for a ticket named by number/GUID/email/phone, else `text`. */
  match?: 'direct' | 'text';
  /**
   * Only for text matches: the engine's relevance, larger is better. Comparable within one result list,
   * not across queries or engines.
   */
  rank?: number;
  /** Only with `text`: the title (always, highlighted where it matched) and the best passage of body/notes. */
  snippets?: HighlightedText[];
}

/** One page of a ticket list. */
export interface TicketListPage {
  tickets: TicketSummary[];
  /** Pass as `after` for the next page; absent on the last page. */
  nextCursor?: string;
  /** Every match, across pages; only when `count` was asked. */
  total?: number;
}
