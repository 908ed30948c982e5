import { type Static, Type } from '@sinclair/typebox';
import { LSQ_DATE_TIME_PATTERN } from './date-format.js';

/**
 * L10 `POST /api/tenants/{tenantId}/ticket-types/1/fields/filter` (Admin only). `SearchText` is a
 * substring match on field names. Source: https://apidocs.leadsquared.com/?p=5117
 */
export const LsqFieldFilterRequest = Type.Object({
  Limit: Type.Integer({ minimum: 1, maximum: 1000 }),
  Offset: Type.Integer({ minimum: 0 }),
  SearchText: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
});
export type LsqFieldFilterRequest = Static<typeof LsqFieldFilterRequest>;

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** `ValidationProperties`: what a client needs to validate a value before sending it. */
export const LsqFieldValidationProperties = Type.Object({
  NumScale: nullable(Type.Integer()),
  Regex: nullable(Type.String()),
  IsMandatory: Type.Boolean(),
  MinValue: nullable(Type.Number()),
  MinLength: nullable(Type.Integer()),
  MaxValue: nullable(Type.Number()),
  MaxLength: nullable(Type.Integer()),
});

/** One field's metadata, with the properties in the documented order (vendor-apis.md §1.10). */
export const LsqTicketFieldMetadata = Type.Object({
  Id: Type.Integer(),
  RelatedTicketCategoryId: Type.Integer(),
  DisplayName: Type.String(),
  SchemaName: Type.String(),
  DataType: Type.String(),
  RenderType: Type.String(),
  EntityType: Type.String(),
  DefaultValue: nullable(Type.String()),
  Sequence: Type.Integer(),
  RelatedLookupId: nullable(Type.Integer()),
  ShowInQuickSearch: Type.Boolean(),
  CreatedBy: Type.String(),
  CreatedOn: Type.String({ pattern: LSQ_DATE_TIME_PATTERN }),
  ModifiedBy: nullable(Type.String()),
  ModifiedOn: nullable(Type.String({ pattern: LSQ_DATE_TIME_PATTERN })),
  AllowAutoUpdateToOptions: Type.Boolean(),
  LockAfterCreate: Type.Boolean(),
  ParentSchemaName: nullable(Type.String()),
  ShowInForm: Type.Boolean(),
  CustomObjectId: nullable(Type.String()),
  Version: Type.Integer(),
  Description: nullable(Type.String()),
  FieldType: Type.String(),
  Active: Type.Boolean(),
  Deleted: Type.Boolean(),
  ValidationProperties: LsqFieldValidationProperties,
  UseInSla: Type.Boolean(),
});
export type LsqTicketFieldMetadata = Static<typeof LsqTicketFieldMetadata>;

/** L10 response: `TicketsFields` (sic) and the `Total` of matches before paging. */
export const LsqFieldFilterResponse = Type.Object({
  Total: Type.Integer({ minimum: 0 }),
  TicketsFields: Type.Array(LsqTicketFieldMetadata),
});
export type LsqFieldFilterResponse = Static<typeof LsqFieldFilterResponse>;
