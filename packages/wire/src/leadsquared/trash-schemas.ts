import { type Static, Type } from '@sinclair/typebox';

/**
 * L8 `PUT /api/tenants/{orgId}/tickets/trash` (Admin only): ticket numbers go in as strings and
 * come back as numbers; a partial failure is reported in `FailedIds` with HTTP 200.
 * Source: https://apidocs.leadsquared.com/delete-tickets
 */
export const LsqTrashRequest = Type.Object({
  TicketIds: Type.Array(Type.String({ pattern: '^[0-9]{1,15}$' }), { minItems: 1, maxItems: 1000 }),
});
export type LsqTrashRequest = Static<typeof LsqTrashRequest>;

export const LsqTrashResponse = Type.Object({
  SuccessfulIds: Type.Array(Type.Integer()),
  FailedIds: Type.Array(Type.Integer()),
});
export type LsqTrashResponse = Static<typeof LsqTrashResponse>;
