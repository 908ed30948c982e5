import { ApiError } from '../../errors/api-error.js';
import type { CoreDeps } from '../deps.js';
import type { LookupValue, TicketField } from '../domain.js';

/** A field with the stable numeric ids that metadata reads report. */
export interface NumberedField extends TicketField {
  /** 1-based position among the tenant's fields in display order. */
  id: number;
  /** Numeric id of the field's lookup, or `null` for fields without one. */
  lookupId: number | null;
}

/**
 * Numeric lookup ids. The vendor reports `Status` with `RelatedLookupId: 1` (vendor-apis.md §1.9);
 * the other system lookups follow in the seed's field order, custom lookups from 101.
 */
const SYSTEM_LOOKUP_IDS: Readonly<Record<string, number>> = { Status: 1, Priority: 2, Channel: 3, Type: 4, SubType: 5 };

export function numberFields(fields: readonly TicketField[]): NumberedField[] {
  const custom = [
    ...new Set(
      fields.flatMap((f) => (f.lookupSchema && !(f.lookupSchema in SYSTEM_LOOKUP_IDS) ? [f.lookupSchema] : [])),
    ),
  ].sort();
  return fields.map((f, index) => ({
    ...f,
    id: index + 1,
    lookupId: f.lookupSchema ? (SYSTEM_LOOKUP_IDS[f.lookupSchema] ?? 101 + custom.indexOf(f.lookupSchema)) : null,
  }));
}

/**
 * The tenant's ticket fields whose schema or display name contains `search` (case-insensitive),
 * a page of them and the total before paging (L10).
 */
export async function listTicketFields(
  input: { orgId: number; search?: string | null; limit: number; skip: number },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<{ total: number; fields: NumberedField[] }> {
  const all = numberFields(await deps.storage.fields.listFields(input.orgId));
  const needle = input.search?.trim().toLowerCase() ?? '';
  const matches = needle
    ? all.filter((f) => f.schemaName.toLowerCase().includes(needle) || f.displayName.toLowerCase().includes(needle))
    : all;
  return { total: matches.length, fields: matches.slice(input.skip, input.skip + input.limit) };
}

/** The active values of one lookup, in display order (L9). Unknown lookups are a 404. */
export async function listLookupValues(
  input: { orgId: number; schemaName: string },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<LookupValue[]> {
  const fields = await deps.storage.fields.listFields(input.orgId);
  if (!fields.some((f) => f.lookupSchema === input.schemaName)) {
    throw new ApiError('NotFound', `Lookup '${input.schemaName.slice(0, 100)}' does not exist in this account`);
  }
  const values = await deps.storage.fields.listLookupValues(input.orgId, input.schemaName);
  return values.filter((v) => v.active);
}
