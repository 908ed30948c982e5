import type { CoreDeps } from './deps.js';
import { discardFiles, keepFiles } from './discard-files.js';
import type { FieldChange, FieldValue, StoredFile, Ticket, TicketLookup, User } from './domain.js';
import { emitAttachmentAdded } from './emit-attachments.js';
import { emitTicketUpdated, userActor } from './emit-event.js';
import { ticketNotFound } from './get-ticket.js';
import { loadFieldContext } from './load-field-context.js';
import { type LeadInput, resolveLead } from './resolve-lead.js';
import { type FieldInput, resolveFieldChanges } from './ticket-field-values.js';
import { ticketKey } from './ticket-ref.js';

export interface UpdateTicketInput {
  orgId: number;
  /** The user making the change (recorded in the history); `null` for system changes. */
  actor: User | null;
  ticket: TicketLookup;
  /** Only these fields change; each is validated as on create. */
  fields: readonly FieldInput[];
  /** Re-link the ticket to another lead. */
  lead?: LeadInput;
  /** Files in the blob store, appended to the ticket's attachments. */
  files?: readonly StoredFile[];
}

export interface UpdatedTicket {
  ticket: Ticket;
  key: string;
  changes: FieldChange[];
}

/**
 * Changes a live ticket: the sent fields (validated against the tenant's configuration), optionally
 * its lead, and new attachments, in one transaction. Each changed value is recorded in the history;
 * values sent unchanged are not. Every dialect's update (LeadSquared L3, Kapture K2) writes through here.
 */
export async function updateTicket(input: UpdateTicketInput, deps: CoreDeps): Promise<UpdatedTicket> {
  const files = input.files ?? [];
  try {
    const result = await deps.storage.transaction(async (tx) => {
      const ticket = await tx.tickets.find(input.orgId, input.ticket);
      if (!ticket) throw ticketNotFound(input.ticket);
      const ctx = await loadFieldContext(input.orgId, tx);
      const sent = resolveFieldChanges(input.fields, ctx);
      const lead = input.lead ? await resolveLead(input.orgId, input.lead, tx, deps) : undefined;
      const current = await tx.tickets.values(ticket.id);
      const now = deps.now();
      const changes: FieldChange[] = [];
      const changed = new Map<string, FieldValue>();
      for (const [schemaName, value] of sent) {
        const oldValue = current.get(schemaName) ?? null;
        if (oldValue === value) continue;
        changed.set(schemaName, value);
        changes.push({ schemaName, oldValue, newValue: value, changedBy: input.actor?.id ?? null, changedAt: now });
      }
      if (lead && lead.id !== ticket.leadId) {
        changes.push({
          schemaName: 'LeadId',
          oldValue: ticket.leadId,
          newValue: lead.id,
          changedBy: input.actor?.id ?? null,
          changedAt: now,
        });
      }
      if (changes.length === 0 && files.length === 0) return { ticket, key: ticketKey(ticket.number), changes };
      await tx.tickets.update(ticket.id, changed, { updatedAt: now, ...(lead && { leadId: lead.id }) });
      await tx.history.record(input.orgId, ticket.id, changes);
      const attachmentIds = await tx.activities.attach(
        { orgId: input.orgId, ticketId: ticket.id, activityId: null, createdAt: now },
        files,
        deps.newId,
      );
      if (changes.length > 0) {
        await emitTicketUpdated(
          tx,
          { orgId: input.orgId, at: now, actor: userActor(input.actor), ticket, changes },
          deps.newId,
        );
      }
      await emitAttachmentAdded(
        tx,
        { ticket, activityId: null, files, ids: attachmentIds, at: now, actor: userActor(input.actor) },
        deps,
      );
      const updated: Ticket = { ...ticket, updatedAt: now, leadId: lead?.id ?? ticket.leadId };
      return { ticket: updated, key: ticketKey(ticket.number), changes };
    });
    keepFiles(files, deps);
    return result;
  } catch (error) {
    await discardFiles(files, deps);
    throw error;
  }
}
