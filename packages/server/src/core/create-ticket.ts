import { ApiError } from '../errors/api-error.js';
import type { CoreDeps } from './deps.js';
import { discardFiles, keepFiles } from './discard-files.js';
import type { StoredFile, Ticket, TriggerFlags, User } from './domain.js';
import { emitAttachmentAdded } from './emit-attachments.js';
import { emitEvent, userActor } from './emit-event.js';
import { loadFieldContext } from './load-field-context.js';
import { type LeadInput, resolveLead } from './resolve-lead.js';
import { type FieldInput, resolveFieldValues } from './ticket-field-values.js';
import { ticketKey } from './ticket-ref.js';

/** The get-ticket seed's values for a ticket created without explicit flags. */
export const DEFAULT_TRIGGER_FLAGS: Readonly<TriggerFlags> = Object.freeze({
  TriggerSLA: true,
  TriggerAssignmentRule: true,
  TriggerAutomation: true,
  TriggerNotification: true,
});

export interface CreateTicketInput {
  orgId: number;
  actor: User;
  typeId: number;
  /** `undefined` is refused (`LeadRequired`); `null` creates a ticket without a lead (Kapture K1 needs only a title). */
  lead: LeadInput | undefined | null;
  fields: readonly FieldInput[];
  flags?: Partial<TriggerFlags>;
  /** Files already in the blob store; attached to the ticket in the same transaction. */
  files?: readonly StoredFile[];
  /** `TicketCreationType` as reads report it. Default `SYSTEM`, the seed's value. */
  creationType?: string;
  /** Seeding only: reproduce a documented ticket's number, GUID and time. */
  seed?: { number: number; id: string; createdAt: Date };
}

export interface CreatedTicket {
  ticket: Ticket;
  key: string;
}

/**
 * Creates a ticket: resolves the lead, validates every field against the tenant's configuration,
 * allocates the next number and attaches the files, all in one transaction. On any failure nothing
 * is written, and blobs this request stored are removed again.
 */
export async function createTicket(input: CreateTicketInput, deps: CoreDeps): Promise<CreatedTicket> {
  const files = input.files ?? [];
  try {
    const result = await deps.storage.transaction(async (tx) => {
      if (!(await tx.fields.hasTicketType(input.orgId, input.typeId))) {
        throw new ApiError('ValidationError', `TypeId '${input.typeId}' is not a ticket type of this account`);
      }
      const ctx = await loadFieldContext(input.orgId, tx);
      const values = resolveFieldValues(input.fields, ctx);
      if (input.lead === undefined) {
        throw new ApiError(
          'LeadRequired',
          'A lead identifier is required: LeadId, LeadDetail.EmailAddress or LeadDetail.Phone',
        );
      }
      const lead = input.lead === null ? null : await resolveLead(input.orgId, input.lead, tx, deps);
      const now = input.seed?.createdAt ?? deps.now();
      let number: number;
      if (input.seed) {
        await tx.tenants.reserveTicketNumber(input.orgId, input.seed.number);
        number = input.seed.number;
      } else {
        number = await tx.tenants.allocateTicketNumber(input.orgId);
      }
      const ticket: Ticket = {
        id: input.seed?.id ?? deps.newId(),
        orgId: input.orgId,
        number,
        typeId: input.typeId,
        leadId: lead?.id ?? null,
        createdBy: input.actor.id,
        flags: { ...DEFAULT_TRIGGER_FLAGS, ...input.flags },
        creationType: input.creationType ?? 'SYSTEM',
        createdAt: now,
        updatedAt: now,
      };
      await tx.tickets.insert(ticket, values);
      const attachmentIds = await tx.activities.attach(
        { orgId: input.orgId, ticketId: ticket.id, activityId: null, createdAt: now },
        files,
        deps.newId,
      );
      await emitEvent(
        tx,
        {
          orgId: input.orgId,
          type: 'ticket.created',
          at: now,
          actor: userActor(input.actor),
          ticket,
          data: { typeId: ticket.typeId, leadId: ticket.leadId, creationType: ticket.creationType },
        },
        deps.newId,
      );
      await emitAttachmentAdded(
        tx,
        { ticket, activityId: null, files, ids: attachmentIds, at: now, actor: userActor(input.actor) },
        deps,
      );
      return { ticket, key: ticketKey(number) };
    });
    keepFiles(files, deps);
    return result;
  } catch (error) {
    await discardFiles(files, deps);
    throw error;
  }
}
