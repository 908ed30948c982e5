import { ApiError } from '../errors/api-error.js';
import { lookupValues } from './default-tenant-schema.js';
import type { CoreDeps } from './deps.js';
import type { LookupValue } from './domain.js';

/**
 * Replaces the values of a lookup (Status, Priority, Channel, Type, SubType, or a custom field's
 * lookup). Existing tickets keep their values; new writes must use the new ones.
 */
export async function setLookupValues(
  input: { orgId: number; schemaName: string; values: readonly string[] },
  deps: CoreDeps,
): Promise<LookupValue[]> {
  const texts = [...new Set(input.values.map((v) => v.trim()).filter((v) => v !== ''))];
  if (texts.length === 0) throw new ApiError('ValidationError', 'a lookup needs at least one value');
  const values = lookupValues(input.schemaName, texts);
  await deps.storage.transaction(async (tx) => {
    const fields = await tx.fields.listFields(input.orgId);
    if (!fields.some((f) => f.lookupSchema === input.schemaName)) {
      const known = [...new Set(fields.flatMap((f) => (f.lookupSchema ? [f.lookupSchema] : [])))].join(', ');
      throw new ApiError(
        'ValidationError',
        `no field of tenant ${input.orgId} uses lookup '${input.schemaName}' (known: ${known})`,
      );
    }
    await tx.fields.replaceLookupValues(input.orgId, input.schemaName, values);
  });
  return values;
}

/** A tenant's lookups, each with its values in order. */
export async function listLookups(
  input: { orgId: number },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<Array<{ schemaName: string; values: string[] }>> {
  const bySchema = new Map<string, string[]>();
  for (const v of await deps.storage.fields.listLookupValues(input.orgId)) {
    bySchema.set(v.schemaName, [...(bySchema.get(v.schemaName) ?? []), v.text]);
  }
  return [...bySchema].map(([schemaName, values]) => ({ schemaName, values }));
}
