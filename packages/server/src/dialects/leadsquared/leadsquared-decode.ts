/* LeadSquared wire → core input (L1–L3 bodies). */
import type { LsqCreateTicketRequest, LsqFieldInput, LsqLeadDetailInput, LsqUpdateTicketRequest } from '@deskwire/wire';
import type { CreateTicketInput } from '../../core/create-ticket.js';
import type { TriggerFlags, User } from '../../core/domain.js';
import type { LeadInput } from '../../core/resolve-lead.js';
import type { FieldInput } from '../../core/ticket-field-values.js';
import type { UpdateTicketInput } from '../../core/update-ticket.js';
import { ApiError } from '../../errors/api-error.js';

const LEAD_DETAIL = 'LeadDetail.';

/**
 * L1/L2 request → core input. Lead identity may come as `LeadId` (GUID or `LeadDetail.*` array),
 * as `LeadDetail.*` entries in `Fields`, or as `RelatedCustomerId` (the create example sets it to
 * the LeadId). Source: https://apidocs.leadsquared.com/create-tickets/
 */
export function toCreateTicketInput(
  dto: LsqCreateTicketRequest,
  ctx: { orgId: number; actor: User },
): Omit<CreateTicketInput, 'files'> {
  const typeId = parseTypeId(dto.TypeId);
  const { fields, lead } = splitFields(dto.Fields, dto.LeadId);
  const flags: Partial<TriggerFlags> = {};
  for (const name of ['TriggerSLA', 'TriggerAssignmentRule', 'TriggerAutomation', 'TriggerNotification'] as const) {
    const value = dto[name];
    if (value !== undefined) flags[name] = value;
  }
  return { orgId: ctx.orgId, actor: ctx.actor, typeId, lead, fields, flags };
}

/**
 * L3 request → core input. `Id` (the number, as a string) must name the ticket of the path; only the
 * sent `Fields` change. Source: https://apidocs.leadsquared.com/update-a-ticket-with-attachments/
 */
export function toUpdateTicketInput(
  dto: LsqUpdateTicketRequest,
  ctx: { orgId: number; actor: User; ticketNumber: number },
): Omit<UpdateTicketInput, 'files'> {
  parseTypeId(dto.TypeId);
  if (Number(dto.Id.replace('#', '')) !== ctx.ticketNumber) {
    throw new ApiError(
      'ValidationError',
      `ticketDTO Id '${dto.Id}' does not match ticket ${ctx.ticketNumber} of the URL`,
    );
  }
  const { fields, lead } = splitFields(dto.Fields ?? [], dto.LeadId ?? undefined);
  return { orgId: ctx.orgId, actor: ctx.actor, ticket: { number: ctx.ticketNumber }, fields, ...(lead && { lead }) };
}

function parseTypeId(typeId: string): number {
  const value = Number(typeId);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ApiError('ValidationError', `TypeId must be a ticket type id such as "1", got '${typeId.slice(0, 20)}'`);
  }
  return value;
}

/**
 * Separates ticket fields from lead identity, which may come as `LeadId` (GUID or `LeadDetail.*`
 * array), as `LeadDetail.*` entries in `Fields`, or as `RelatedCustomerId` (the create example sets it
 * to the LeadId). Source: https://apidocs.leadsquared.com/create-tickets/
 */
function splitFields(
  sent: readonly LsqFieldInput[],
  leadId: string | readonly LsqLeadDetailInput[] | undefined,
): { fields: FieldInput[]; lead: LeadInput | undefined } {
  const details: Record<string, string | null> = {};
  const fields: FieldInput[] = [];
  let relatedCustomerId: string | undefined;
  for (const f of sent) {
    if (f.SchemaName.startsWith(LEAD_DETAIL)) {
      details[f.SchemaName.slice(LEAD_DETAIL.length)] = f.Value === null ? null : String(f.Value);
    } else if (f.SchemaName === 'RelatedCustomerId') {
      if (typeof f.Value !== 'string')
        throw new ApiError('InvalidFieldValue', "Field 'RelatedCustomerId' must be a lead GUID");
      relatedCustomerId = f.Value;
    } else {
      fields.push({ schemaName: f.SchemaName, value: f.Value });
    }
  }
  if (Array.isArray(leadId)) {
    for (const d of leadId) details[d.SchemaName.slice(LEAD_DETAIL.length)] = d.Value;
  }
  const guid = typeof leadId === 'string' ? leadId : relatedCustomerId;
  if (typeof leadId === 'string' && relatedCustomerId && relatedCustomerId.toLowerCase() !== leadId.toLowerCase()) {
    throw new ApiError('ValidationError', 'RelatedCustomerId and LeadId name different leads');
  }
  if (guid) return { fields, lead: { id: guid } };
  return { fields, lead: Object.keys(details).length > 0 ? { details } : undefined };
}
