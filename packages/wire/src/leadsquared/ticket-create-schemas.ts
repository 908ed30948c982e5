import { type Static, Type } from '@sinclair/typebox';
import { LsqFieldInput } from './field-value-schemas.js';
import { LsqGuid } from './guid.js';

/** A `LeadDetail.*` pair identifying or describing a lead (vendor-apis.md §1.2 "Polymorphic LeadId"). */
export const LsqLeadDetailInput = Type.Object({
  SchemaName: Type.String({ pattern: '^LeadDetail\\.[A-Za-z0-9_]+$' }),
  Value: Type.Union([Type.String(), Type.Null()]),
});
export type LsqLeadDetailInput = Static<typeof LsqLeadDetailInput>;

/**
 * L1 `POST /api/tenants/{orgId}/tickets` (JSON) and the `ticketDTO` part of L2 (multipart).
 * `TypeId` is the string `"1"`, `RelatedTicketTypeId` the number `1`: the docs' types, kept exactly.
 * `LeadId` is a lead GUID or an array of `LeadDetail.*` pairs that finds or creates the lead.
 * Source: https://apidocs.leadsquared.com/create-tickets/, /create-ticket-with-attachments/
 */
export const LsqCreateTicketRequest = Type.Object({
  TypeId: Type.String({ minLength: 1 }),
  Id: Type.Optional(Type.Null()),
  LeadId: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Array(LsqLeadDetailInput, { maxItems: 50 })])),
  Fields: Type.Array(LsqFieldInput, { maxItems: 500 }),
  RelatedTicketTypeId: Type.Integer(),
  TriggerSLA: Type.Optional(Type.Boolean()),
  TriggerAssignmentRule: Type.Optional(Type.Boolean()),
  TriggerAutomation: Type.Optional(Type.Boolean()),
  TriggerNotification: Type.Optional(Type.Boolean()),
});
export type LsqCreateTicketRequest = Static<typeof LsqCreateTicketRequest>;

/**
 * The write envelope of L1, L2 and L3. `Id` is the ticket number as a string, `Key` the `#NNN` key,
 * `TicketId` the GUID (`null` in the update response, §1.3).
 */
export const LsqTicketWriteResponse = Type.Object({
  Status: Type.Literal('Success'),
  ReasonForFailure: Type.Union([Type.String(), Type.Null()]),
  Id: Type.String({ pattern: '^[0-9]+$' }),
  Message: Type.Union([Type.String(), Type.Null()]),
  Key: Type.String({ pattern: '^#[0-9]{3,}$' }),
  TicketId: Type.Union([LsqGuid, Type.Null()]),
});
export type LsqTicketWriteResponse = Static<typeof LsqTicketWriteResponse>;

/**
 * The L1 (JSON create) answer, as the vendor's L1 example has it: `Message` null and `TicketId` before `Key`
 * (`{"Status":"Success","ReasonForFailure":null,"Id":"34","Message":null,"TicketId":"27e8…","Key":"#034"}`).
 * The sentence and the `Key`-first order are L2's (multipart). Same fields, so it is also an `LsqTicketWriteResponse`.
 */
export const LsqJsonCreateResponse = Type.Object({
  Status: Type.Literal('Success'),
  ReasonForFailure: Type.Null(),
  Id: Type.String({ pattern: '^[0-9]+$' }),
  Message: Type.Null(),
  TicketId: LsqGuid,
  Key: Type.String({ pattern: '^#[0-9]{3,}$' }),
});
export type LsqJsonCreateResponse = Static<typeof LsqJsonCreateResponse>;

/** What L1/L2 answer: L1's shape for a JSON create, L2's for a multipart one. */
export const LsqCreateTicketResponse = Type.Union([LsqJsonCreateResponse, LsqTicketWriteResponse]);
export type LsqCreateTicketResponse = Static<typeof LsqCreateTicketResponse>;
