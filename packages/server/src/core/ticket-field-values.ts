import { formatLsqDateTime, GUID_PATTERN, parseLsqDateTime } from '@deskwire/wire';
import { ApiError } from '../errors/api-error.js';
import type { FieldValue, LookupValue, TicketField } from './domain.js';

export interface FieldInput {
  schemaName: string;
  value: FieldValue;
}

/** A tenant's field configuration, loaded once per write. */
export interface FieldContext {
  fields: readonly TicketField[];
  lookups: readonly LookupValue[];
  /** Ids of the tenant's users, for `RelatedAgentId`. */
  userIds: ReadonlySet<string>;
}

const guid = new RegExp(GUID_PATTERN);
const MAX_TEXT = 65_535;

/**
 * Validates the sent fields against the tenant's configuration and returns the values to store:
 * for a create, every configured field (defaults filled in) and the mandatory ones checked.
 * "Pass only values configured in your account" (https://apidocs.leadsquared.com/create-ticket-with-attachments/).
 */
export function resolveFieldValues(inputs: readonly FieldInput[], ctx: FieldContext): Map<string, FieldValue> {
  const sent = normalizeSent(inputs, ctx);
  const values = new Map<string, FieldValue>();
  for (const field of ctx.fields) {
    if (!field.isWritable) continue;
    const value = sent.has(field.schemaName) ? (sent.get(field.schemaName) ?? null) : field.defaultValue;
    if (field.isMandatory && isEmpty(value)) throw mandatoryMissing(field.schemaName);
    values.set(field.schemaName, value);
  }
  return values;
}

/**
 * For an update: validates only the fields sent and returns only them ("only the fields sent change",
 * https://apidocs.leadsquared.com/update-a-ticket-with-attachments/). A mandatory field may not be emptied.
 */
export function resolveFieldChanges(inputs: readonly FieldInput[], ctx: FieldContext): Map<string, FieldValue> {
  const sent = normalizeSent(inputs, ctx);
  for (const field of ctx.fields) {
    if (field.isMandatory && sent.has(field.schemaName) && isEmpty(sent.get(field.schemaName) ?? null)) {
      throw mandatoryMissing(field.schemaName);
    }
  }
  return sent;
}

function normalizeSent(inputs: readonly FieldInput[], ctx: FieldContext): Map<string, FieldValue> {
  const byName = new Map(ctx.fields.map((f) => [f.schemaName, f]));
  const sent = new Map<string, FieldValue>();
  for (const { schemaName, value } of inputs) {
    const field = byName.get(schemaName);
    if (!field) throw new ApiError('UnknownField', `Field '${schemaName}' is not configured for this account`);
    if (!field.isWritable) throw new ApiError('InvalidFieldValue', `Field '${schemaName}' is read-only`);
    if (sent.has(schemaName)) throw new ApiError('ValidationError', `Field '${schemaName}' is sent more than once`);
    sent.set(schemaName, normalizeValue(field, value, ctx));
  }
  return sent;
}

const isEmpty = (value: FieldValue) => value === null || value === '';

function mandatoryMissing(schemaName: string): ApiError {
  return new ApiError('MandatoryFieldMissing', `Mandatory field '${schemaName}' is missing`);
}

function normalizeValue(field: TicketField, value: FieldValue, ctx: FieldContext): FieldValue {
  const name = field.schemaName;
  if (value === null) return null;
  switch (field.dataType) {
    case 'Text':
    case 'TextArea':
      if (typeof value !== 'string') throw typeError(name, 'a string', value);
      if (value.length > MAX_TEXT)
        throw new ApiError('InvalidFieldValue', `Field '${name}' is longer than ${MAX_TEXT} characters`);
      return value;
    case 'Number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw typeError(name, 'a number', value);
      return n;
    }
    case 'Boolean':
      if (typeof value !== 'boolean') throw typeError(name, 'true or false', value);
      return value;
    case 'DateTime': {
      if (typeof value !== 'string') throw typeError(name, 'a date-time string', value);
      if (value === '') return null;
      const date = parseLsqDateTime(value) ?? parseZoned(value);
      if (!date) throw typeError(name, 'a date-time like 2024-08-29T10:36:23', value);
      return formatLsqDateTime(date);
    }
    case 'Guid':
      if (typeof value !== 'string' || !guid.test(value)) throw typeError(name, 'a GUID', value);
      if (name === 'RelatedAgentId' && !ctx.userIds.has(value.toLowerCase())) {
        throw new ApiError('InvalidFieldValue', `Field 'RelatedAgentId': no agent '${value}' in this account`);
      }
      return value.toLowerCase();
    case 'Select':
      return lookupValue(field, value, ctx.lookups);
  }
}

function lookupValue(field: TicketField, value: FieldValue, lookups: readonly LookupValue[]): FieldValue {
  if (typeof value !== 'string') throw typeError(field.schemaName, 'a string', value);
  if (value === '') return null;
  const options = lookups.filter((l) => l.schemaName === field.lookupSchema && l.active);
  const match =
    options.find((o) => o.value === value) ?? options.find((o) => o.value.toLowerCase() === value.toLowerCase());
  if (!match) {
    const allowed = options.map((o) => `'${o.value}'`).join(', ');
    throw new ApiError(
      'InvalidFieldValue',
      `'${value.slice(0, 100)}' is not a value of field '${field.schemaName}'; configured values: ${allowed || 'none'}`,
    );
  }
  return match.value;
}

function parseZoned(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function typeError(name: string, expected: string, value: FieldValue): ApiError {
  const shown = typeof value === 'string' ? `'${value.slice(0, 100)}'` : JSON.stringify(value);
  return new ApiError('InvalidFieldValue', `Field '${name}' must be ${expected}, got ${shown}`);
}
