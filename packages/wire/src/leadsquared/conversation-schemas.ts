import { type Static, Type } from '@sinclair/typebox';
import { LSQ_DATE_TIME_PATTERN } from './date-format.js';

/** The conversation kinds L5 can filter on (vendor-apis.md §1.5). Notes are not among them. */
export const LSQ_CONVERSATION_TYPES = ['InboundEmail', 'OutboundEmail', 'PortalInbound', 'PortalOutbound'] as const;
export const LsqConversationType = Type.Union(LSQ_CONVERSATION_TYPES.map((t) => Type.Literal(t)));
export type LsqConversationType = Static<typeof LsqConversationType>;

/**
 * L5 `POST /api/tenants/{tenantId}/conversation/filter` request: `TicketId` is the ticket *number*
 * sent as a JSON number, `OrgId` repeats the path. Source: https://apidocs.leadsquared.com/get-ticket-conversations/
 */
export const LsqConversationFilterRequest = Type.Object({
  TicketId: Type.Integer({ minimum: 1 }),
  OrgId: Type.Integer({ minimum: 1 }),
  ActivityType: Type.Array(LsqConversationType, { minItems: 1, maxItems: 4 }),
});
export type LsqConversationFilterRequest = Static<typeof LsqConversationFilterRequest>;

/**
 * An attachment of a conversation, as in the seed's second conversation: `Id` null, `ContentPath`
 * a signed expiring download URL, `Ttl` its lifetime in minutes (the seed pairs `Ttl: 60` with
 * `X-Amz-Expires=3600`).
 */
export const LsqAttachment = Type.Object({
  Id: Type.Union([Type.String(), Type.Null()]),
  FileName: Type.String(),
  FileSize: Type.Integer({ minimum: 0 }),
  ContentType: Type.String(),
  ContentPath: Type.String(),
  ContentLocation: Type.Union([Type.String(), Type.Null()]),
  ContentId: Type.Union([Type.String(), Type.Null()]),
  Ttl: Type.Integer(),
});
export type LsqAttachment = Static<typeof LsqAttachment>;

export const LsqConversation = Type.Object({
  RelatedActivityType: LsqConversationType,
  Html: Type.Union([Type.String(), Type.Null()]),
  Text: Type.Union([Type.String(), Type.Null()]),
  Attachments: Type.Array(LsqAttachment),
  CreatedBy: Type.String(),
  CreatedOn: Type.String({ pattern: LSQ_DATE_TIME_PATTERN }),
  Id: Type.Integer(),
});
export type LsqConversation = Static<typeof LsqConversation>;

/** L5 response: `Conversations` is always `null`; the data is in `ConversationList`, oldest first. */
export const LsqConversationFilterResponse = Type.Object({
  Total: Type.Integer({ minimum: 0 }),
  Conversations: Type.Null(),
  ConversationList: Type.Array(LsqConversation),
});
export type LsqConversationFilterResponse = Static<typeof LsqConversationFilterResponse>;
