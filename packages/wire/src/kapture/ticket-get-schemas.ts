import { type Static, Type } from '@sinclair/typebox';
import { KAP_DATE_TIME_PATTERN } from './date-format.js';

/** `ticketId`: the 12-digit customer-facing ticket number, always a string (vendor-apis.md §2.0 "Ids"). */
export const KAP_TICKET_ID_PATTERN = '^[0-9]{12}$';
export const KapTicketId = Type.String({ pattern: KAP_TICKET_ID_PATTERN });

/** A `dd-MM-yyyy HH:mm` date-time (`"19-04-2024 14:19"`). */
export const KapDateTime = Type.String({ pattern: KAP_DATE_TIME_PATTERN });
/** A `dd-MM-yyyy HH:mm` date-time, or `""` when there is none (`taskEnddate`, `callBack`). */
export const KapOptionalDateTime = Type.Union([KapDateTime, Type.Literal('')]);

/** Most ids one K3 call takes (integrators batch 50, vendor-apis.md §2.3 "Batching"). */
export const KAP_MAX_TICKET_IDS = 50;

/**
 * K3 `POST /search-ticket-by-ticket-id.html/v.2.0`: a JSON **object** (an array is refused with
 * "Invalid Json."). `ticket_ids` is one id or several, comma-separated. The flags are strings; the
 * vendor documents none of their meanings, Deskwire's are in docs/kapture-api.md.
 * Source: https://dev.kapture.cx/kapture-api/reference/api-reference/get-ticket-api
 */
export const KapGetTicketsRequest = Type.Object({
  /** Comma-separated 12-digit ticket ids; a single id may also come as a JSON number. */
  ticket_ids: Type.Union([Type.String(), Type.Integer({ minimum: 0 })]),
  /** `chat`, `notes` or `all`: add the ticket's conversations, notes, or both, under `conversation_type`. */
  conversation_type: Type.Optional(Type.String()),
  /** Any non-empty value (integrators send `all`): add every category of change history. */
  history_type: Type.Optional(Type.String()),
  /** History categories, each added on its own by a value such as `"1"` (docs/kapture-api.md). */
  assigned: Type.Optional(Type.String()),
  disposed: Type.Optional(Type.String()),
  response: Type.Optional(Type.String()),
  landing_queue: Type.Optional(Type.String()),
  create: Type.Optional(Type.String()),
  resolved: Type.Optional(Type.String()),
  /** A value such as `"1"`: email conversations carry their HTML body in `email_body`. */
  include_emailbody: Type.Optional(Type.String()),
});
export type KapGetTicketsRequest = Static<typeof KapGetTicketsRequest>;

/** A file: Kapture's attachment object inside chat messages (`{url, mime, message}`, vendor-apis.md §2.3). */
export const KapAttachment = Type.Object({
  url: Type.String(),
  mime: Type.String(),
  message: Type.String(),
});
export type KapAttachment = Static<typeof KapAttachment>;

/**
 * `task_details`, key for key, type for type and in the order of the get-ticket example
 * (https://dev.kapture.cx/kapture-api/reference/api-reference/get-ticket-api), the misspelt `lastConvesationTime` and the snake_case
 * `customer_rating` / `total_conversations` / `customer_feedback` among camelCase keys included.
 * K4 lists the same object.
 */
export const KapTaskDetails = Type.Object({
  date: KapDateTime,
  tat: Type.String(),
  sla: Type.String(),
  status: Type.String(),
  nextFollowUp: KapDateTime,
  lastFollowUp: KapDateTime,
  taskId: Type.Integer({ minimum: 1 }),
  email: Type.String(),
  phone: Type.String(),
  lastSource: Type.String(),
  lastConvesationTime: KapDateTime,
  title: Type.String(),
  orderId: Type.String(),
  primarySource: Type.String(),
  ticketEmail: Type.String(),
  folderId: Type.Integer(),
  ticketId: KapTicketId,
  detail: Type.String(),
  mergedTicketId: Type.String(),
  contactId: Type.Integer(),
  productId: Type.Integer(),
  creatorId: Type.Integer(),
  customerId: Type.Integer(),
  assignedId: Type.Integer(),
  creatorName: Type.String(),
  priority: Type.String(),
  attachment: Type.String(),
  pendingTaskId: Type.Integer(),
  ticketCloseEmpId: Type.Integer(),
  assignedToName: Type.String(),
  callBack: KapOptionalDateTime,
  queueKey: Type.String(),
  customer_rating: Type.Number(),
  lastConversationId: Type.Integer(),
  slaStatus: Type.String(),
  queueName: Type.String(),
  total_conversations: Type.Integer({ minimum: 0 }),
  disposition: Type.String(),
  taskEnddate: KapOptionalDateTime,
  customer_feedback: Type.String(),
  url: Type.String(),
  substatus: Type.String(),
  substatusKey: Type.String(),
  assigneeCode: Type.String(),
  ftr: Type.Union([Type.Literal('yes'), Type.Literal('no')]),
  attachments: Type.Array(KapAttachment),
});
export type KapTaskDetails = Static<typeof KapTaskDetails>;

/**
 * One conversation or note under `conversation_type`. `chat_message` is the text, or, when the message
 * carries files, an array of attachment objects whose `message` is the text (vendor-apis.md §2.3: it
 * is "either a string or an array of {url, mime, message}"). `sentDate` is camelCase among snake_case
 * keys, as the vendor's. `email_body` (the HTML) only with `include_emailbody`, on emails.
 */
export const KapChatEntry = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  chat_message: Type.Union([Type.String(), Type.Array(KapAttachment)]),
  sender_name: Type.String(),
  receiver_name: Type.String(),
  sentDate: KapDateTime,
  email_body: Type.Optional(Type.String()),
});
export type KapChatEntry = Static<typeof KapChatEntry>;

export const KapConversations = Type.Object({
  chat: Type.Optional(Type.Array(KapChatEntry)),
  notes: Type.Optional(Type.Array(KapChatEntry)),
});
export type KapConversations = Static<typeof KapConversations>;

/** One change of a ticket: values as display strings (`""` for none), names entity-encoded. */
export const KapHistoryEntry = Type.Object({
  field: Type.String(),
  old_value: Type.String(),
  new_value: Type.String(),
  changed_by: Type.String(),
  date: KapDateTime,
});
export type KapHistoryEntry = Static<typeof KapHistoryEntry>;

/** The history categories, named after K3's request flags, plus `status` and `fields` (docs/kapture-api.md). */
export const KAP_HISTORY_CATEGORIES = [
  'create',
  'assigned',
  'disposed',
  'landing_queue',
  'resolved',
  'response',
  'status',
  'fields',
] as const;
export type KapHistoryCategory = (typeof KAP_HISTORY_CATEGORIES)[number];

const KapHistoryList = Type.Optional(Type.Array(KapHistoryEntry));

/** `history`: `{}` unless asked for; then one array per requested category, oldest first. */
export const KapHistory = Type.Object({
  create: KapHistoryList,
  assigned: KapHistoryList,
  disposed: KapHistoryList,
  landing_queue: KapHistoryList,
  resolved: KapHistoryList,
  response: KapHistoryList,
  status: KapHistoryList,
  fields: KapHistoryList,
});
export type KapHistory = Static<typeof KapHistory>;

/** One element of the K3 response. `conversation_type` is present only when the request asked for it. */
export const KapTicketRecord = Type.Object({
  additional_info: Type.Record(Type.String(), Type.Unknown()),
  history: KapHistory,
  task_details: KapTaskDetails,
  conversation_type: Type.Optional(KapConversations),
});
export type KapTicketRecord = Static<typeof KapTicketRecord>;

/** K3 response: a bare array, one element per ticket found, in the order asked; unknown ids are absent. */
export const KapGetTicketsResponse = Type.Array(KapTicketRecord);
export type KapGetTicketsResponse = Static<typeof KapGetTicketsResponse>;
