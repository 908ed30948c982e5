import type { NativeTicketView, NativeUserView, TicketListItem, TicketPageView } from '@deskwire/wire';
import type {
  Activity,
  Attachment,
  HighlightedText,
  Lead,
  Tenant,
  TicketListPage,
  TicketSummary,
  UserAccount,
} from '../core/domain.js';
import type { TicketView } from '../core/get-ticket.js';
import type { SignAttachment } from '../http/signed-urls.js';

/** Core results → /api/v1 bodies (docs/api.md). No rule lives here: only shapes. */

export function encodeUser(account: UserAccount): NativeUserView {
  const { user } = account;
  return {
    id: user.id,
    orgId: user.orgId,
    name: user.name,
    email: user.email,
    role: user.role,
    disabled: account.disabledAt !== null,
    hasPassword: account.passwordHash !== null,
  };
}

export function encodeTenant(tenant: Tenant): { orgId: number; name: string } {
  return { orgId: tenant.orgId, name: tenant.name };
}

export function encodeTicket(view: TicketView, lead: Lead | undefined): NativeTicketView {
  const { ticket } = view;
  return {
    id: ticket.id,
    number: ticket.number,
    key: view.key,
    typeId: ticket.typeId,
    createdBy: ticket.createdBy,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    fields: Object.fromEntries(view.fields.map(({ field, value }) => [field.schemaName, value])),
    lead: lead
      ? { id: lead.id, email: lead.email, phone: lead.phone, firstName: lead.firstName, lastName: lead.lastName }
      : null,
  };
}

export function encodePage(page: TicketListPage, key: (number: number) => string): TicketPageView {
  return { tickets: page.tickets.map((t) => encodeSummary(t, key)), nextCursor: page.nextCursor ?? null };
}

function encodeSummary(summary: TicketSummary, key: (number: number) => string): TicketListItem {
  const snippet = bestSnippet(summary.snippets);
  return {
    id: summary.id,
    number: summary.number,
    key: key(summary.number),
    title: summary.title,
    status: summary.status,
    priority: summary.priority,
    assignee: summary.assigneeId,
    channel: summary.channel,
    createdAt: summary.createdAt.toISOString(),
    updatedAt: summary.updatedAt.toISOString(),
    ...(summary.trashedAt !== null && { trashedAt: summary.trashedAt.toISOString() }),
    ...(summary.snippets !== undefined && { snippet: snippet === undefined ? null : markHighlights(snippet) }),
    ...(summary.rank !== undefined && { rank: summary.rank }),
  };
}

/** The passage of body or notes that matched, else the title. */
function bestSnippet(snippets: readonly HighlightedText[] | undefined): HighlightedText | undefined {
  if (!snippets) return undefined;
  return snippets.find((s) => s.field !== 'title' && s.highlights.length > 0) ?? snippets[0];
}

/** Plain text → HTML-escaped text with each highlight between `<mark>` and `</mark>`. */
export function markHighlights(snippet: HighlightedText): string {
  let out = snippet.truncatedStart ? '…' : '';
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    out += `${escapeHtml(snippet.text.slice(at, start))}<mark>${escapeHtml(snippet.text.slice(start, end))}</mark>`;
    at = end;
  }
  out += escapeHtml(snippet.text.slice(at));
  return snippet.truncatedEnd ? `${out}…` : out;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function encodeAttachment(attachment: Attachment, sign: SignAttachment) {
  return {
    id: attachment.id,
    fileName: attachment.fileName,
    size: attachment.size,
    contentType: attachment.contentType,
    url: sign(attachment),
  };
}

export function encodeThreadEntry(activity: Activity, sign: SignAttachment) {
  return {
    id: activity.id,
    kind: activity.type === 'InternalNote' ? ('note' as const) : ('conversation' as const),
    type: activity.type,
    html: activity.html,
    text: activity.text,
    createdBy: activity.createdBy,
    createdAt: activity.createdAt.toISOString(),
    attachments: activity.attachments.map((a) => encodeAttachment(a, sign)),
  };
}
