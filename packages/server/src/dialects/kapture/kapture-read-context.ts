import type { KapAttachment } from '@deskwire/wire';
import type { ActivityType, Attachment, FieldValue, User } from '../../core/domain.js';
import type { KaptureTicket } from '../../core/kapture/read-tickets.js';
import type { KaptureSettings } from '../../core/kapture/settings.js';
import { currentSubStatus } from '../../core/kapture/ticket-state.js';

/** What every Kapture read needs beside the ticket; shared by the mappers (task details, history, conversations). */
export interface KapReadContext {
  settings: KaptureSettings;
  users: ReadonlyMap<string, User>;
  /** The account name: who inbound messages were sent to. */
  tenantName: string;
  /** Base of the vendor-style `url` (the request's scheme and host, or `--public-url`). */
  baseUrl: string;
  /** A signed download URL for a file. */
  sign: (attachment: Attachment) => string;
  now: Date;
}

/** What the desk sends (as opposed to what the customer sends, and notes). */
export const OUTBOUND_TYPES: ReadonlySet<ActivityType> = new Set(['OutboundEmail', 'PortalOutbound']);

/** The Status values whose sub-statuses are Complete. */
export function completeStatuses(settings: KaptureSettings): Set<string> {
  return new Set(settings.subStatuses.filter((s) => s.status === 'C').map((s) => s.ticketStatus));
}

export function subStatusName(settings: KaptureSettings, value: FieldValue): string {
  return currentSubStatus(settings, value, null).name;
}

/** A user's name, the lead's for the lead's id, `System` for nobody; the raw id when unknown. */
export function nameOf(id: string | null, t: KaptureTicket, ctx: KapReadContext): string {
  if (!id || id === 'system') return 'System';
  const user = ctx.users.get(id);
  if (user) return user.name;
  if (t.lead && t.lead.id === id) return leadName(t);
  return id;
}

export function leadName(t: KaptureTicket): string {
  const lead = t.lead;
  if (!lead) return '';
  return [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email || lead.phone || '';
}

export function attachmentOf(a: Attachment, message: string, ctx: KapReadContext): KapAttachment {
  return { url: ctx.sign(a), mime: a.contentType, message };
}

export function text(value: FieldValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
