import { type Static, Type } from '@sinclair/typebox';

/**
 * L6 `POST /api/tenants/{tenantId}/internalnote/upload`. `ActivityType` and `StorageType` are literals;
 * `"Permament"` is the vendor's spelling and must be sent as written.
 * Source: https://apidocs.leadsquared.com/post-an-internal-note-on-a-ticket-2/
 */
export const LsqInternalNoteRequest = Type.Object({
  TextPart: Type.String({ minLength: 1, maxLength: 100_000 }),
  ActivityType: Type.Literal('CreateInternalNote'),
  StorageType: Type.Literal('Permament'),
  RelatedTicketId: Type.Integer({ minimum: 1 }),
});
export type LsqInternalNoteRequest = Static<typeof LsqInternalNoteRequest>;

/** L6 response: ids come back as strings and there is no `Status` (vendor-apis.md §1.6). */
export const LsqInternalNoteResponse = Type.Object({
  Message: Type.String(),
  RelatedTicketId: Type.String({ pattern: '^[0-9]+$' }),
  RelatedOrgId: Type.String({ pattern: '^[0-9]+$' }),
  RelatedChannelMonitoringRequestId: Type.Integer(),
});
export type LsqInternalNoteResponse = Static<typeof LsqInternalNoteResponse>;
