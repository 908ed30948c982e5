/**
 * The ticket domain, independent of any wire dialect and of storage. Dialect mappers turn these into
 * vendor payloads; repositories turn rows into these.
 */

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
