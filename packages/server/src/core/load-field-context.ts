import type { Repositories } from './store.js';
import type { FieldContext } from './ticket-field-values.js';

/** Loads what field validation needs for one tenant. */
export async function loadFieldContext(orgId: number, tx: Repositories): Promise<FieldContext> {
  const [fields, lookups, users] = await Promise.all([
    tx.fields.listFields(orgId),
    tx.fields.listLookupValues(orgId),
    tx.users.list(orgId),
  ]);
  return { fields, lookups, userIds: new Set(users.map((u) => u.id)) };
}
