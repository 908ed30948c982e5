import { type Static, Type } from '@sinclair/typebox';
import { LsqFieldInput } from './field-value-schemas.js';

/**
 * L3 `PUT /api/tenants/{orgId}/tickets/{ticketId}/update`, the `ticketDTO` part (multipart, optional
 * repeatable `files`). `Id` is the ticket number as a string and repeats the path; only the `Fields`
 * sent change. Source: https://apidocs.leadsquared.com/update-a-ticket-with-attachments/
 */
export const LsqUpdateTicketRequest = Type.Object({
  TypeId: Type.String({ minLength: 1 }),
  Id: Type.String({ pattern: '^#?[0-9]+$' }),
  LeadId: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
  Fields: Type.Optional(Type.Array(LsqFieldInput, { maxItems: 500 })),
  RelatedTicketTypeId: Type.Integer(),
});
export type LsqUpdateTicketRequest = Static<typeof LsqUpdateTicketRequest>;
