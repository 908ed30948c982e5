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

// The email channel's and the ticket lists' types live beside this file; core imports them all from here.
export * from './email-domain.js';
export * from './ticket-list-domain.js';
