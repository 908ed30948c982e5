import type { LookupValue, TicketField } from './domain.js';
import type { Repositories } from './store.js';

type FieldSpec = Omit<TicketField, 'sequence' | 'fieldType' | 'renderType'> & { renderType?: string };

const field = (f: FieldSpec): FieldSpec => f;

/**
 * The system fields a new tenant starts with, in the order the get-ticket seed lists them
 * (https://apidocs.leadsquared.com/get-ticket-by-id/). Defaults reproduce the seed's empty values:
 * `CcEmails`/`Tags` are `""`, the rest `null`. Title is mandatory, as in the vendor's create docs.
 */
const SYSTEM_FIELDS: readonly FieldSpec[] = [
  field({
    schemaName: 'Type',
    displayName: 'Type',
    dataType: 'Select',
    lookupSchema: 'Type',
    isMandatory: false,
    isWritable: true,
    defaultValue: 'General',
  }),
  field({
    schemaName: 'TicketKey',
    displayName: 'Ticket Key',
    dataType: 'Text',
    lookupSchema: null,
    isMandatory: false,
    isWritable: false,
    defaultValue: null,
  }),
  field({
    schemaName: 'Title',
    displayName: 'Title',
    dataType: 'Text',
    lookupSchema: null,
    isMandatory: true,
    isWritable: true,
    defaultValue: null,
  }),
  field({
    schemaName: 'Description',
    displayName: 'Description',
    dataType: 'TextArea',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: '',
  }),
  field({
    schemaName: 'Status',
    displayName: 'Status',
    dataType: 'Select',
    lookupSchema: 'Status',
    isMandatory: true,
    isWritable: true,
    defaultValue: 'Open',
  }),
  field({
    schemaName: 'Priority',
    displayName: 'Priority',
    dataType: 'Select',
    lookupSchema: 'Priority',
    isMandatory: true,
    isWritable: true,
    defaultValue: 'Medium',
  }),
  field({
    schemaName: 'Channel',
    displayName: 'Channel',
    dataType: 'Select',
    lookupSchema: 'Channel',
    isMandatory: false,
    isWritable: true,
    defaultValue: 'API',
  }),
  field({
    schemaName: 'CcEmails',
    displayName: 'CC Emails',
    dataType: 'Text',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: '',
  }),
  field({
    schemaName: 'Tags',
    displayName: 'Tags',
    dataType: 'Text',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: '',
  }),
  field({
    schemaName: 'DueDate',
    displayName: 'Due Date',
    dataType: 'DateTime',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: null,
  }),
  field({
    schemaName: 'SubType',
    displayName: 'Sub Type',
    dataType: 'Select',
    lookupSchema: 'SubType',
    isMandatory: false,
    isWritable: true,
    defaultValue: null,
  }),
  field({
    schemaName: 'TicketCategoryId',
    displayName: 'Ticket Category',
    dataType: 'Number',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: null,
  }),
  field({
    schemaName: 'RelatedServiceGroupId',
    displayName: 'Service Group',
    dataType: 'Number',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: null,
  }),
  field({
    schemaName: 'RelatedAgentId',
    displayName: 'Agent',
    dataType: 'Guid',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: null,
  }),
  field({
    schemaName: 'RelatedStageId',
    displayName: 'Stage',
    dataType: 'Number',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: null,
  }),
  field({
    schemaName: 'RelatedRequester',
    displayName: 'Requester',
    dataType: 'Text',
    lookupSchema: null,
    isMandatory: false,
    isWritable: true,
    defaultValue: null,
  }),
];

const RENDER_TYPE: Record<string, string> = {
  Select: 'Dropdown',
  TextArea: 'TextArea',
  DateTime: 'DateTime',
  Number: 'Number',
  Boolean: 'Checkbox',
};

/** The system fields with sequence numbers (100, 200, …, leaving room for custom fields between). */
export function defaultTicketFields(): TicketField[] {
  return SYSTEM_FIELDS.map((f, index) => ({
    ...f,
    renderType: f.renderType ?? RENDER_TYPE[f.dataType] ?? 'TextBox',
    sequence: (index + 1) * 100,
    fieldType: 'standard',
  }));
}

/**
 * Lookup values a new tenant starts with: the values seen in the vendor docs ("Open", "On Hold",
 * "Low", "Medium", "Email", "Chat", "General", SubType "Acceptable"; vendor-apis.md §1.0, §1.9),
 * completed with the usual helpdesk set. `deskwire lookups set` replaces any of them.
 */
export const DEFAULT_LOOKUPS: Readonly<Record<string, readonly string[]>> = {
  Status: ['Open', 'In Progress', 'On Hold', 'Resolved', 'Closed'],
  Priority: ['Low', 'Medium', 'High', 'Urgent'],
  Channel: ['Email', 'Chat', 'Phone', 'Portal', 'WhatsApp', 'API'],
  Type: ['General', 'Question', 'Problem', 'Incident', 'Request'],
  SubType: ['Acceptable'],
};

export function lookupValues(schemaName: string, texts: readonly string[]): LookupValue[] {
  return texts.map((text, index) => ({ schemaName, value: text, text, sortingOrder: index + 1, active: true }));
}

/**
 * Writes the default ticket type, system fields and lookups of a tenant: what a new tenant starts
 * with (createTenant) and what a reset restores (resetTenant). Runs inside the caller's transaction.
 */
export async function writeDefaultSchema(tx: Repositories, orgId: number, now: Date): Promise<void> {
  await tx.fields.upsertTicketType(orgId, 1, 'Default');
  for (const f of defaultTicketFields()) await tx.fields.upsertField(orgId, f, now);
  for (const [schema, texts] of Object.entries(DEFAULT_LOOKUPS)) {
    await tx.fields.replaceLookupValues(orgId, schema, lookupValues(schema, texts));
  }
}
