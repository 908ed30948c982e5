import type { Kysely, Selectable } from 'kysely';
import type { FieldDataType, LookupValue, TicketField } from '../core/domain.js';
import type { FieldStore } from '../core/store.js';
import type { Database, LookupValuesTable, TicketFieldsTable } from './database-schema.js';
import { fromFlag, parseJson, toFlag, toTimestamp } from './row-codecs.js';
import type { TicketSearchIndex } from './ticket-search-index.js';

/** A tenant's ticket types, ticket field definitions and lookup values. */
export class FieldRepository implements FieldStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly search: TicketSearchIndex,
  ) {}

  async upsertTicketType(orgId: number, id: number, name: string): Promise<void> {
    await this.db
      .insertInto('ticket_types')
      .values({ org_id: orgId, id, name })
      .onConflict((oc) => oc.columns(['org_id', 'id']).doUpdateSet({ name }))
      .execute();
  }

  async hasTicketType(orgId: number, id: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('ticket_types')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }

  async upsertField(orgId: number, field: TicketField, now: Date): Promise<void> {
    const values = {
      display_name: field.displayName,
      data_type: field.dataType,
      render_type: field.renderType,
      lookup_schema: field.lookupSchema,
      is_mandatory: toFlag(field.isMandatory),
      is_writable: toFlag(field.isWritable),
      default_value: JSON.stringify(field.defaultValue),
      sequence: field.sequence,
      field_type: field.fieldType,
    };
    await this.db
      .insertInto('ticket_fields')
      .values({ org_id: orgId, schema_name: field.schemaName, created_at: toTimestamp(now), ...values })
      .onConflict((oc) => oc.columns(['org_id', 'schema_name']).doUpdateSet(values))
      .execute();
  }

  /** The tenant's fields in display order (`sequence`), as the get-ticket response lists them. */
  async listFields(orgId: number): Promise<TicketField[]> {
    const rows = await this.db
      .selectFrom('ticket_fields')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('sequence')
      .orderBy('schema_name')
      .execute();
    return rows.map(toField);
  }

  async listLookupValues(orgId: number, schemaName?: string): Promise<LookupValue[]> {
    let query = this.db.selectFrom('lookup_values').selectAll().where('org_id', '=', orgId);
    if (schemaName !== undefined) query = query.where('schema_name', '=', schemaName);
    const rows = await query.orderBy('schema_name').orderBy('sorting_order').execute();
    return rows.map(toLookupValue);
  }

  /** Replaces every value of one lookup (the CLI's `lookups set`). */
  async replaceLookupValues(orgId: number, schemaName: string, values: readonly LookupValue[]): Promise<void> {
    await this.#replaceLookupValues(orgId, schemaName, values);
    // `sort=priority` orders by the Priority lookup's sorting order, copied into each search row.
    if (schemaName === 'Priority') await this.search.refreshPriorityRanks(orgId);
  }

  async #replaceLookupValues(orgId: number, schemaName: string, values: readonly LookupValue[]): Promise<void> {
    await this.db
      .deleteFrom('lookup_values')
      .where('org_id', '=', orgId)
      .where('schema_name', '=', schemaName)
      .execute();
    if (values.length === 0) return;
    await this.db
      .insertInto('lookup_values')
      .values(
        values.map((v) => ({
          org_id: orgId,
          schema_name: schemaName,
          value: v.value,
          text: v.text,
          sorting_order: v.sortingOrder,
          active: toFlag(v.active),
        })),
      )
      .execute();
  }
}

function toField(row: Selectable<TicketFieldsTable>): TicketField {
  return {
    schemaName: row.schema_name,
    displayName: row.display_name,
    dataType: row.data_type as FieldDataType,
    renderType: row.render_type,
    lookupSchema: row.lookup_schema,
    isMandatory: fromFlag(row.is_mandatory),
    isWritable: fromFlag(row.is_writable),
    defaultValue: parseJson(row.default_value),
    sequence: row.sequence,
    fieldType: row.field_type === 'custom' ? 'custom' : 'standard',
  };
}

function toLookupValue(row: Selectable<LookupValuesTable>): LookupValue {
  return {
    schemaName: row.schema_name,
    value: row.value,
    text: row.text,
    sortingOrder: row.sorting_order,
    active: fromFlag(row.active),
  };
}
