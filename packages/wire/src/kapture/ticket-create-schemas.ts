import { type Static, Type } from '@sinclair/typebox';
import { kapOneOrArrayOfOne } from './body-shape.js';
import { KAP_TIMESTAMP_PATTERN } from './date-format.js';
import { KapSuccessStatus } from './error-schemas.js';
import { KapTicketId } from './ticket-get-schemas.js';

/**
 * K1 `POST /add-ticket-from-other-source.html/v.2.0`, one ticket. Only `title` is mandatory. Any other
 * key is a tenant field ("map in the request body if there's any extra associate body"): Deskwire
 * stores it with the ticket and returns it in K3's `additional_info` (docs/kapture-api.md).
 * Source: https://dev.kapture.cx/kapture-api/reference/api-reference/add-ticket-api
 */
export const KapAddTicketRequest = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 65_535 }),
  /** The description. */
  ticket_details: Type.Optional(Type.String({ maxLength: 65_535 })),
  /** The docs give no format; Deskwire reads `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd`, `dd-MM-yyyy HH:mm` or ISO 8601. */
  due_date: Type.Optional(Type.String()),
  /** The customer to tag: found by email (then phone), or created. */
  email_id: Type.Optional(Type.String({ maxLength: 320 })),
  phone: Type.Optional(Type.String({ maxLength: 64 })),
  customer_name: Type.Optional(Type.String({ maxLength: 200 })),
  /** `low`, `medium`, `high`, `urgent`: the tenant's priorities, case-insensitive. */
  priority: Type.Optional(Type.String()),
  /** A sub-status key of the tenant (`OP`, `P`, …); default: the one for the tenant's initial status. */
  sub_status: Type.Optional(Type.String()),
  /** A queue key of the tenant. */
  queue: Type.Optional(Type.String()),
  /** A disposition of the tenant, `L1|L2|L3`. */
  disposition: Type.Optional(Type.String()),
});
export type KapAddTicketRequest = Static<typeof KapAddTicketRequest>;

/** The K1 body as sent: `[{…}]` (documented) or `{…}`. */
export const KapAddTicketBody = kapOneOrArrayOfOne(KapAddTicketRequest);
export type KapAddTicketBody = Static<typeof KapAddTicketBody>;

/**
 * The `ticket` object of the K1 and K2 responses: the documented keys with their documented types, in
 * their order. One response mixes three time forms (`date` `yyyy-MM-dd HH:mm:ss`, `lastConversationTime`
 * epoch milliseconds) and status as a code (`status: "P"`) and a name (`statusName: "Pending"`);
 * `substatus` is the sub-status **key**. `substatusName`, `queueName` and `disposition` are Deskwire's
 * additions (the vendor's example is abbreviated).
 */
export const KapTicketSummary = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  type: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  status: Type.String(),
  ticketId: KapTicketId,
  queueKey: Type.String(),
  priority: Type.Integer({ minimum: 0 }),
  isUnread: Type.Boolean(),
  isOutOfSLA: Type.Boolean(),
  substatus: Type.String(),
  statusName: Type.String(),
  assignedToId: Type.Integer(),
  contactId: Type.Integer(),
  lastConversationType: Type.String(),
  lastConversationTime: Type.Integer(),
  date: Type.String({ pattern: KAP_TIMESTAMP_PATTERN }),
  totalConversationCount: Type.Integer({ minimum: 0 }),
  taskTitle: Type.String(),
  typeName: Type.String(),
  substatusName: Type.String(),
  queueName: Type.String(),
  disposition: Type.String(),
});
export type KapTicketSummary = Static<typeof KapTicketSummary>;

/** K1 response: `ticket`, the new `ticket_id` (integrators read it at the top level), `message`, `status`. */
export const KapAddTicketResponse = Type.Object({
  ticket: KapTicketSummary,
  ticket_id: KapTicketId,
  message: Type.String(),
  status: KapSuccessStatus,
});
export type KapAddTicketResponse = Static<typeof KapAddTicketResponse>;
