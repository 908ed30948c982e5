import type { ConversationView, ThreadPage, TicketView } from './schemas.js';

/**
 * Text renderings of tool results, for clients that show `content` rather than `structuredContent`.
 * Markdown-ish, so the ticket resource can reuse them as `text/markdown`.
 */
export function ticketText(t: TicketView): string {
  const who = (c: TicketView['requester']) =>
    c === null ? null : [c.name, c.email, c.phone].filter((v) => v !== null).join(', ') || c.id;
  const rows: [string, string | null][] = [
    ['Vendor', t.vendor],
    ['Id', t.id],
    ['Key', t.key],
    [
      'Status',
      `${t.status}${t.rawStatus === null ? '' : ` (${[t.rawStatus, t.rawSubStatus].filter(Boolean).join(' / ')})`}`,
    ],
    ['Priority', t.priority],
    ['Channel', t.channel],
    ['Category', t.category],
    ['Requester', who(t.requester)],
    ['Assignee', who(t.assignee)],
    ['Tags', t.tags.length > 0 ? t.tags.join(', ') : null],
    ['Created', t.createdAt],
    ['Updated', t.updatedAt],
    ['Due', t.dueAt],
    ['Closed', t.closedAt],
    ['URL', t.url],
  ];
  const lines = [`# ${t.title || '(no title)'}`, ''];
  for (const [label, value] of rows) if (value !== null && value !== '') lines.push(`- ${label}: ${value}`);
  for (const [name, value] of Object.entries(t.customFields)) {
    if (value !== null && value !== '') lines.push(`- ${name}: ${String(value)}`);
  }
  if (t.description !== null) lines.push('', t.description);
  if (t.descriptionTruncated !== null) {
    lines.push(
      '',
      `[Description truncated: ${t.descriptionTruncated.shownChars} of ${t.descriptionTruncated.totalChars} characters shown. ` +
        `Call get_ticket with id "${t.id}" and description_max_chars: ${t.descriptionTruncated.totalChars} for all of it.]`,
    );
  }
  return lines.join('\n');
}

export function conversationText(c: ConversationView): string {
  const head = [`## ${c.position}. ${c.kind}${c.isPrivate ? ' (internal)' : ''}`];
  const meta = [c.author, c.createdAt].filter((v) => v !== null).join(', ');
  if (meta !== '') head.push(meta);
  const files = c.attachments.map(
    (a) =>
      `- attachment ${a.attachmentId}: ${a.fileName}${a.contentType ? `, ${a.contentType}` : ''}${a.size !== null ? `, ${a.size} bytes` : ''}`,
  );
  const cutNote =
    c.bodyTruncated === null
      ? []
      : [`[Message truncated: ${c.bodyTruncated.shownChars} of ${c.bodyTruncated.totalChars} characters shown.]`];
  return [...head, '', c.body, ...cutNote, ...(files.length > 0 ? ['', ...files] : [])].join('\n');
}

export function threadText(page: ThreadPage): string {
  const header =
    page.total === 0
      ? `Ticket ${page.ticketId} has no conversations.`
      : `Ticket ${page.ticketId}: conversations ${page.returned === 0 ? 'none' : `${page.offset + 1}-${page.offset + page.returned}`} of ${page.total}, oldest first.`;
  const parts = [header, ...page.conversations.map(conversationText)];
  if (page.note !== null) parts.push(`[${page.note}]`);
  return parts.join('\n\n');
}
