import { type Static, Type } from '@sinclair/typebox';

/**
 * One value of L9 `GET /api/tenants/{tenantId}/lookups/{SchemaName}/values` (Admin only; documented
 * for SubType, served for every lookup field). The documented example carries `null` in
 * `SortingOrder`, `Active` and `Deleted`. Source: https://apidocs.leadsquared.com/?p=5102
 */
export const LsqLookupValue = Type.Object({
  Text: Type.String(),
  Value: Type.String(),
  SortingOrder: Type.Union([Type.Integer(), Type.Null()]),
  Active: Type.Union([Type.Boolean(), Type.Null()]),
  Deleted: Type.Union([Type.Boolean(), Type.Null()]),
});
export type LsqLookupValue = Static<typeof LsqLookupValue>;

/** L9 response: a bare array. */
export const LsqLookupValuesResponse = Type.Array(LsqLookupValue);
export type LsqLookupValuesResponse = Static<typeof LsqLookupValuesResponse>;
