import { type Static, Type } from '@sinclair/typebox';

/**
 * A field value as it travels in `Fields[].Value`. The get-ticket seed shows strings, numbers
 * (`RelatedServiceGroupId: 2`) and `null`; booleans are allowed for checkbox-type custom fields.
 * Source: https://apidocs.leadsquared.com/get-ticket-by-id/
 */
export const LsqFieldValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export type LsqFieldValue = Static<typeof LsqFieldValue>;

/** One `{SchemaName, Value}` pair of a create or update request (vendor-apis.md §1.0 "Field model"). */
export const LsqFieldInput = Type.Object({
  SchemaName: Type.String({ minLength: 1, maxLength: 200 }),
  Value: LsqFieldValue,
});
export type LsqFieldInput = Static<typeof LsqFieldInput>;

/** One field of a ticket read: the request pair plus `SubFields`, always `null` in the seed. */
export const LsqFieldOutput = Type.Object({
  SchemaName: Type.String(),
  Value: LsqFieldValue,
  SubFields: Type.Null(),
});
export type LsqFieldOutput = Static<typeof LsqFieldOutput>;
