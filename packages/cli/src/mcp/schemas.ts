import { z } from 'zod';

/**
 * Output schemas: the normalized model (docs/client.md) as an agent sees it: dates as ISO strings,
 * no `raw` wire object (it is large and vendor-specific), long texts cut with a note.
 */
const contact = z.object({
  kind: z.enum(['lead', 'customer', 'agent']),
  id: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

const date = z.string().nullable().describe('ISO 8601 date, or null when the vendor does not send it');

export const ticketSchema = z.object({
  vendor: z.enum(['leadsquared', 'kapture']),
  id: z.string().describe('The id every tool takes for this ticket'),
  number: z.number().nullable(),
  key: z.string().nullable().describe('Display key (LeadSquared "#143"); null on Kapture'),
  title: z.string(),
  description: z.string().nullable(),
  descriptionTruncated: z
    .object({ shownChars: z.number(), totalChars: z.number() })
    .nullable()
    .describe('Set when the description was cut; ask get_ticket again with a larger description_max_chars'),
  status: z.enum(['open', 'pending', 'resolved', 'closed', 'other']).describe('Normalized status'),
  rawStatus: z.string().nullable().describe("The vendor's own status text"),
  rawSubStatus: z.string().nullable(),
  priority: z.string().nullable(),
  channel: z.string().nullable(),
  category: z.string().nullable(),
  assignee: contact.nullable(),
  requester: contact.nullable(),
  tags: z.array(z.string()),
  createdAt: date,
  updatedAt: date,
  dueAt: date,
  closedAt: date,
  url: z.string().nullable(),
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const attachmentSchema = z.object({
  attachmentId: z.string().describe('Pass to download_attachment with the ticket id'),
  fileName: z.string(),
  contentType: z.string().nullable(),
  size: z.number().nullable().describe('Bytes, when the vendor says'),
});

export const conversationSchema = z.object({
  position: z.number().describe('1-based position in the thread, oldest first'),
  id: z.string().nullable(),
  kind: z.enum(['email-in', 'email-out', 'portal-in', 'portal-out', 'note', 'chat']),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  isPrivate: z.boolean().describe('Internal note: never shown to the customer'),
  author: z.string().nullable(),
  createdAt: date,
  format: z.enum(['text', 'html']),
  body: z.string(),
  bodyTruncated: z
    .object({ shownChars: z.number(), totalChars: z.number() })
    .nullable()
    .describe('Set when the body was cut; see the note for how to read the rest'),
  attachments: z.array(attachmentSchema),
});

export const threadPageSchema = z.object({
  ticketId: z.string(),
  total: z.number().describe('Conversations in the whole thread'),
  offset: z.number(),
  returned: z.number(),
  nextOffset: z.number().nullable().describe('Pass as offset for the next page; null at the end'),
  conversations: z.array(conversationSchema),
  note: z.string().nullable().describe('How to get what was left out, when anything was'),
});

export const ticketRefSchema = z.object({
  vendor: z.enum(['leadsquared', 'kapture']),
  id: z.string().describe('The id every tool takes for this ticket'),
  key: z.string().nullable(),
  remoteId: z.string().nullable(),
});

export type TicketView = z.infer<typeof ticketSchema>;
export type ConversationView = z.infer<typeof conversationSchema>;
export type ThreadPage = z.infer<typeof threadPageSchema>;
