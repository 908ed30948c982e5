import { type Static, Type } from '@sinclair/typebox';

/**
 * L7 `POST /api/tenants/{orgId}/ticket/{ticketId}/portal/activity` (singular `ticket`): a
 * customer-side portal action; `Direction` is always `"INBOUND"`. Source: https://apidocs.leadsquared.com/?p=5010
 */
export const LsqPortalActivityRequest = Type.Object({
  Text: Type.String({ minLength: 1, maxLength: 100_000 }),
  Direction: Type.Literal('INBOUND'),
});
export type LsqPortalActivityRequest = Static<typeof LsqPortalActivityRequest>;

/** L7 response: `{"Id":"1","Status":"Success","Message":null}`; `Id` is the activity id as a string. */
export const LsqPortalActivityResponse = Type.Object({
  Id: Type.String({ pattern: '^[0-9]+$' }),
  Status: Type.Literal('Success'),
  Message: Type.Union([Type.String(), Type.Null()]),
});
export type LsqPortalActivityResponse = Static<typeof LsqPortalActivityResponse>;
