import { KAP_MESSAGES, parseKapAnyDate, parseKapTimestamp } from '@deskwire/wire';
import { ApiError } from '../../errors/api-error.js';
import { addActivity } from '../add-activity.js';
import { createTicket } from '../create-ticket.js';
import type { CoreDeps } from '../deps.js';
import type { FieldValue, KaptureTicketState, User } from '../domain.js';
import type { LeadInput } from '../resolve-lead.js';
import type { FieldInput } from '../ticket-field-values.js';
import { updateTicket } from '../update-ticket.js';
import { getKaptureSettings, type KaptureSettings } from './settings.js';
import { ticketNumberOf } from './ticket-ids.js';
import { checkExtraFields, findDisposition, findQueue, findSubStatus, updateTicketState } from './ticket-state.js';

const CUSTOM = 'CustomData.';

/** K1 input, decoded: blank values already dropped. */
export interface CreateKaptureTicketInput {
  orgId: number;
  actor: User;
  title: string;
  details?: string;
  dueDate?: string;
  priority?: string;
  subStatus?: string;
  queue?: string;
  disposition?: string;
  customer?: { email?: string; phone?: string; name?: string };
  /** Keys not in the documented set: a configured `CustomData.<key>` field, else kept as extra data. */
  extra: Record<string, unknown>;
}

/**
 * Creates a ticket from a K1 request: Title, Description, DueDate, Priority and the sub-status's Status
 * go into the shared ticket fields; a customer (by `email_id`, then `phone`) becomes its lead, found or
 * created; queue, disposition and extra fields go into its Kapture state. Every value is checked
 * before anything is written.
 */
export async function createKaptureTicket(
  input: CreateKaptureTicketInput,
  deps: CoreDeps,
): Promise<{ number: number }> {
  const settings = await getKaptureSettings(input.orgId, deps);
  const fields: FieldInput[] = [{ schemaName: 'Title', value: input.title }];
  if (input.details !== undefined) fields.push({ schemaName: 'Description', value: input.details });
  if (input.dueDate !== undefined) {
    fields.push({ schemaName: 'DueDate', value: parseDue(input.dueDate, settings).toISOString() });
  }
  if (input.priority !== undefined) fields.push({ schemaName: 'Priority', value: input.priority });
  const state = checkRouting(settings, input);
  if (state.subStatusKey)
    fields.push({ schemaName: 'Status', value: findSubStatus(settings, state.subStatusKey).ticketStatus });
  const { custom, additionalInfo } = await splitExtra(input.orgId, input.extra, deps);
  fields.push(...custom);
  const { email, phone, name } = input.customer ?? {};
  // Checked here so the message names the Kapture field, not the lead field it maps to.
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
    throw new ApiError('InvalidFieldValue', `email_id '${email.slice(0, 100)}' is not an email address`);
  }
  if (name !== undefined && !email && !phone) additionalInfo.customer_name = name;
  const lead: LeadInput | null =
    email || phone
      ? {
          details: {
            ...(email && { EmailAddress: email }),
            ...(phone && { Phone: phone }),
            ...(name && { FirstName: name }),
          },
        }
      : null;
  checkExtraFields(additionalInfo);
  // One transaction: the ticket and its Kapture state are written together or not at all.
  return deps.storage.transaction(async (storage) => {
    const tx = { ...deps, storage };
    const { ticket } = await createTicket(
      { orgId: input.orgId, actor: input.actor, typeId: 1, lead, fields, creationType: 'API' },
      tx,
    );
    if (Object.keys(state).length > 0 || Object.keys(additionalInfo).length > 0) {
      await updateTicketState(
        {
          orgId: input.orgId,
          ticket: { number: ticket.number },
          actor: null,
          initial: true,
          patch: { ...state, additionalInfo },
        },
        tx,
      );
    }
    return { number: ticket.number };
  });
}

/** K2 input, decoded: blank values already dropped. */
export interface UpdateKaptureTicketInput {
  orgId: number;
  actor: User;
  /** The 12-digit `ticket_id` as sent (`undefined` when missing). */
  ticketId: string | undefined;
  comment?: string;
  callbackTime?: string;
  subStatus?: string;
  queue?: string;
  disposition?: string;
  extra: Record<string, unknown>;
}

/**
 * Applies a K2 request. Everything is checked first (ticket, sub-status key, queue, disposition,
 * callback format); then the sub-status's Status and custom fields change through `updateTicket`
 * (recorded in the history), the Kapture state is written, and the comment is added as a note.
 */
export async function updateKaptureTicket(
  input: UpdateKaptureTicketInput,
  deps: CoreDeps,
): Promise<{ number: number }> {
  const settings = await getKaptureSettings(input.orgId, deps);
  const number = input.ticketId === undefined ? undefined : ticketNumberOf(input.ticketId, settings);
  const ticket = number === undefined ? undefined : await deps.storage.tickets.find(input.orgId, { number });
  if (!ticket) throw new ApiError('TicketNotFound', KAP_MESSAGES.noDataFound);
  const state = checkRouting(settings, input);
  let callbackAt: Date | undefined;
  if (input.callbackTime !== undefined) {
    callbackAt = parseKapTimestamp(input.callbackTime, settings.utcOffsetMinutes);
    if (!callbackAt) throw new ApiError('ValidationError', KAP_MESSAGES.callbackFormat);
  }
  const { custom, additionalInfo } = await splitExtra(input.orgId, input.extra, deps);
  const fields = [...custom];
  if (state.subStatusKey)
    fields.push({ schemaName: 'Status', value: findSubStatus(settings, state.subStatusKey).ticketStatus });
  const ref = { number: ticket.number };
  const patch: Partial<KaptureTicketState> = { ...state, additionalInfo, ...(callbackAt && { callbackAt }) };
  // One transaction: fields, routing state and the comment change together or not at all.
  return deps.storage.transaction(async (storage) => {
    const tx = { ...deps, storage };
    if (fields.length > 0) await updateTicket({ orgId: input.orgId, actor: input.actor, ticket: ref, fields }, tx);
    if (Object.keys(state).length > 0 || callbackAt || Object.keys(additionalInfo).length > 0) {
      await updateTicketState({ orgId: input.orgId, ticket: ref, actor: input.actor, patch }, tx);
    }
    if (input.comment !== undefined) {
      await addActivity(
        { orgId: input.orgId, ticket: ref, type: 'InternalNote', text: input.comment, createdBy: input.actor.id },
        tx,
      );
    }
    return { number: ticket.number };
  });
}

type Routing = Partial<Pick<KaptureTicketState, 'subStatusKey' | 'queueKey' | 'disposition'>>;

/** Sub-status, queue and disposition as given (absent ones stay absent), checked and canonicalised. */
function checkRouting(
  settings: KaptureSettings,
  input: { subStatus?: string; queue?: string; disposition?: string },
): Routing {
  return {
    ...(input.subStatus !== undefined && { subStatusKey: findSubStatus(settings, input.subStatus).key }),
    ...(input.queue !== undefined && { queueKey: findQueue(settings, input.queue).key }),
    ...(input.disposition !== undefined && { disposition: findDisposition(settings, input.disposition) }),
  };
}

function parseDue(value: string, settings: KaptureSettings): Date {
  const date = parseKapAnyDate(value, settings.utcOffsetMinutes);
  if (!date) throw new ApiError('ValidationError', 'Invalid Format.due_date should be yyyy-MM-dd HH:mm:ss.');
  return date;
}

/**
 * Extra keys: those naming a configured `CustomData.<key>` field with a plain value become field
 * values (checked as on a LeadSquared write); the rest is kept as the ticket's additional info.
 */
async function splitExtra(
  orgId: number,
  extra: Record<string, unknown>,
  deps: Pick<CoreDeps, 'storage'>,
): Promise<{ custom: FieldInput[]; additionalInfo: Record<string, unknown> }> {
  const names = Object.keys(extra);
  if (names.length === 0) return { custom: [], additionalInfo: {} };
  const configured = new Set(
    (await deps.storage.fields.listFields(orgId)).filter((f) => f.fieldType === 'custom').map((f) => f.schemaName),
  );
  const custom: FieldInput[] = [];
  const additionalInfo: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(extra)) {
    if (configured.has(`${CUSTOM}${name}`) && isFieldValue(value)) {
      custom.push({ schemaName: `${CUSTOM}${name}`, value });
    } else {
      additionalInfo[name] = value;
    }
  }
  return { custom, additionalInfo };
}

function isFieldValue(value: unknown): value is FieldValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
