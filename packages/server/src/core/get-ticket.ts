import { ApiError } from '../errors/api-error.js';
import type { CoreDeps } from './deps.js';
import type { FieldValue, Ticket, TicketField, TicketLookup } from './domain.js';
import { ticketKey } from './ticket-ref.js';

export interface TicketView {
  ticket: Ticket;
  key: string;
  /** Every configured field in display order, with the ticket's value (or the field's empty value). */
  fields: Array<{ field: TicketField; value: FieldValue }>;
}

export async function getTicket(
  /** `fields`: the tenant's definitions when the caller already has them (`Principal.fields`). */
  input: { orgId: number; ref: TicketLookup; fields?: readonly TicketField[] | undefined },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<TicketView> {
  const [found, fields] = await Promise.all([
    deps.storage.tickets.findWithValues(input.orgId, input.ref),
    input.fields ?? deps.storage.fields.listFields(input.orgId),
  ]);
  if (!found) throw ticketNotFound(input.ref);
  const { ticket, values } = found;
  const key = ticketKey(ticket.number);
  return {
    ticket,
    key,
    fields: fields.map((field) => ({
      field,
      value: field.schemaName === 'TicketKey' ? key : (values.get(field.schemaName) ?? emptyValue(field)),
    })),
  };
}

export function ticketNotFound(ref: TicketLookup): ApiError {
  const shown = 'number' in ref ? String(ref.number) : ref.id;
  return new ApiError('TicketNotFound', `Ticket '${shown}' does not exist`);
}

/** A field added after the ticket was created reads as its default, as a fresh ticket would. */
function emptyValue(field: TicketField): FieldValue {
  return field.defaultValue;
}
