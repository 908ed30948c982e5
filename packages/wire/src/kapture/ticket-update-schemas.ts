import { type Static, Type } from '@sinclair/typebox';
import { kapOneOrArrayOfOne } from './body-shape.js';
import { KapSuccessStatus } from './error-schemas.js';
import { KapTicketSummary } from './ticket-create-schemas.js';

/**
 * K2 `POST /update-ticket-from-other-source.html/v.2.0`: also the way to comment, change the sub-status
 * or move the ticket to another queue. Every field but `ticket_id` may be `""`, meaning "leave as is"
 * (the documented example sends them all empty). Other keys are tenant fields, as on K1.
 * Source: https://dev.kapture.cx/kapture-api/reference/api-reference/update-ticket-api
 */
export const KapUpdateTicketRequest = Type.Object({
  /** The 12-digit `ticketId` (a JSON number is accepted too). */
  ticket_id: Type.Union([Type.String(), Type.Integer({ minimum: 0 })]),
  /** Added to the ticket as a note. */
  comment: Type.Optional(Type.String({ maxLength: 100_000 })),
  /** `yyyy-MM-dd HH:mm:ss` (24-hour, in the tenant's zone), shown as `callBack`/`nextFollowUp`. */
  callback_time: Type.Optional(Type.String()),
  /** A sub-status **key** of the tenant (`P`, `CL`, …), not its name. */
  sub_status: Type.Optional(Type.String()),
  /** A queue key of the tenant. */
  queue: Type.Optional(Type.String()),
  /** A disposition of the tenant, `L1|L2|L3`. */
  disposition: Type.Optional(Type.String()),
});
export type KapUpdateTicketRequest = Static<typeof KapUpdateTicketRequest>;

/** The K2 body as sent: `[{…}]` (documented) or `{…}`. */
export const KapUpdateTicketBody = kapOneOrArrayOfOne(KapUpdateTicketRequest);
export type KapUpdateTicketBody = Static<typeof KapUpdateTicketBody>;

/** K2 response: the ticket after the update (nammayatri reads `ticket.substatus`), `message`, `status`. */
export const KapUpdateTicketResponse = Type.Object({
  ticket: KapTicketSummary,
  message: Type.String(),
  status: KapSuccessStatus,
});
export type KapUpdateTicketResponse = Static<typeof KapUpdateTicketResponse>;
