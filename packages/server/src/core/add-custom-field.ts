import { ApiError } from '../errors/api-error.js';
import { lookupValues } from './default-tenant-schema.js';
import type { CoreDeps } from './deps.js';
import type { FieldDataType, TicketField } from './domain.js';

export interface AddCustomFieldInput {
  orgId: number;
  /** Without the prefix: `SRC_CS_2` becomes `CustomData.SRC_CS_2`. */
  name: string;
  displayName?: string;
  dataType: FieldDataType;
  mandatory?: boolean;
  /** For `Select` fields: the allowed values. */
  options?: readonly string[];
}

/** Adds (or redefines) a `CustomData.*` field; it is listed after the system fields. */
export async function addCustomField(input: AddCustomFieldInput, deps: CoreDeps): Promise<TicketField> {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(input.name)) {
    throw new ApiError('ValidationError', `custom field name '${input.name}' must be letters, digits and _`);
  }
  if (input.dataType === 'Select' && !input.options?.length) {
    throw new ApiError('ValidationError', 'a Select field needs options');
  }
  const schemaName = `CustomData.${input.name}`;
  const now = deps.now();
  return deps.storage.transaction(async (tx) => {
    const fields = await tx.fields.listFields(input.orgId);
    if (fields.length === 0) throw new ApiError('ValidationError', `tenant ${input.orgId} does not exist`);
    const existing = fields.find((f) => f.schemaName === schemaName);
    // Custom fields sit between DueDate/SubType and the Related* ids, where the seed shows CustomData.SRC_CS_2.
    const subType = fields.find((f) => f.schemaName === 'SubType')?.sequence ?? 0;
    const customCount = fields.filter((f) => f.fieldType === 'custom').length;
    const field: TicketField = {
      schemaName,
      displayName: input.displayName ?? input.name,
      dataType: input.dataType,
      renderType: input.dataType === 'Select' ? 'Dropdown' : 'TextBox',
      lookupSchema: input.dataType === 'Select' ? schemaName : null,
      isMandatory: input.mandatory ?? false,
      isWritable: true,
      defaultValue: null,
      sequence: existing?.sequence ?? subType + 1 + customCount,
      fieldType: 'custom',
    };
    await tx.fields.upsertField(input.orgId, field, now);
    if (input.options) {
      await tx.fields.replaceLookupValues(input.orgId, schemaName, lookupValues(schemaName, input.options));
    }
    return field;
  });
}
