import { formatLsqDateTime, type LsqLookupValue, type LsqTicketFieldMetadata } from '@deskwire/wire';
import type { LookupValue } from '../../core/domain.js';
import type { NumberedField } from '../../core/leadsquared/list-ticket-fields.js';

/** L9: the documented example carries `null` for `SortingOrder`, `Active` and `Deleted`; so does Deskwire. */
export function toLookupValue(value: LookupValue): LsqLookupValue {
  return { Text: value.text, Value: value.value, SortingOrder: null, Active: null, Deleted: null };
}

/**
 * L10 field metadata, in the documented property order (vendor-apis.md §1.10). Seeded system fields
 * say `CreatedBy: "seeddata"` and `FieldType: "standard"`, as in the vendor's example.
 */
export function toFieldMetadata(field: NumberedField, createdOn: Date): LsqTicketFieldMetadata {
  const isText = field.dataType === 'Text' || field.dataType === 'TextArea';
  return {
    Id: field.id,
    RelatedTicketCategoryId: 1,
    DisplayName: field.displayName,
    SchemaName: field.schemaName,
    DataType: field.dataType,
    RenderType: field.renderType,
    EntityType: 'Ticket',
    DefaultValue: field.defaultValue === null ? null : String(field.defaultValue),
    Sequence: field.sequence,
    RelatedLookupId: field.lookupId,
    ShowInQuickSearch: field.schemaName === 'Title' || field.schemaName === 'TicketKey',
    CreatedBy: field.fieldType === 'standard' ? 'seeddata' : 'admin',
    CreatedOn: formatLsqDateTime(createdOn),
    ModifiedBy: null,
    ModifiedOn: null,
    AllowAutoUpdateToOptions: false,
    LockAfterCreate: !field.isWritable,
    ParentSchemaName: null,
    ShowInForm: field.isWritable,
    CustomObjectId: null,
    Version: 1,
    Description: null,
    FieldType: field.fieldType,
    Active: true,
    Deleted: false,
    ValidationProperties: {
      NumScale: null,
      Regex: null,
      IsMandatory: field.isMandatory,
      MinValue: null,
      MinLength: null,
      MaxValue: null,
      MaxLength: isText ? 65_535 : null,
    },
    UseInSla: ['Status', 'Priority', 'Type', 'SubType'].includes(field.schemaName),
  };
}
