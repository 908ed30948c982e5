import { ApiError } from '../errors/api-error.js';
import type { CoreDeps } from './deps.js';
import { discardFiles, keepFiles } from './discard-files.js';
import type { ActivityType, StoredFile, Ticket, TicketLookup } from './domain.js';
import { emitAttachmentAdded } from './emit-attachments.js';
import { emitEvent } from './emit-event.js';
import { ticketNotFound } from './get-ticket.js';

export interface AddActivityInput {
  orgId: number;
  ticket: TicketLookup;
  type: ActivityType;
  html?: string | null;
  text?: string | null;
  /** The user (agent) or lead GUID shown as `CreatedBy`. */
  createdBy: string;
  files?: readonly StoredFile[];
  /** Seeding only: a documented example's id and time. */
  seed?: { id: number; createdAt: Date };
}

/**
 * Adds a conversation or an internal note, with its files, to a live ticket in one transaction.
 * The L6 note endpoint, the CLI's `conversation add` and the demo seed all write through here.
 */
export async function addActivity(input: AddActivityInput, deps: CoreDeps): Promise<{ id: number; ticket: Ticket }> {
  const files = input.files ?? [];
  if (!input.html && !input.text) throw new ApiError('ValidationError', 'A conversation needs Html or Text');
  try {
    const result = await deps.storage.transaction(async (tx) => {
      const ticket = await tx.tickets.find(input.orgId, input.ticket);
      if (!ticket) throw ticketNotFound(input.ticket);
      const createdAt = input.seed?.createdAt ?? deps.now();
      const id = await tx.activities.insert({
        ...(input.seed && { id: input.seed.id }),
        orgId: input.orgId,
        ticketId: ticket.id,
        type: input.type,
        html: input.html ?? null,
        text: input.text ?? null,
        createdBy: input.createdBy,
        createdAt,
      });
      const attachmentIds = await tx.activities.attach(
        { orgId: input.orgId, ticketId: ticket.id, activityId: id, createdAt: createdAt },
        files,
        deps.newId,
      );
      // The ticket's lead writing (portal, inbound email) is the customer; anyone else an agent.
      const actor = { type: input.createdBy === ticket.leadId ? 'lead' : 'user', id: input.createdBy } as const;
      const note = input.type === 'InternalNote';
      await emitEvent(
        tx,
        {
          orgId: input.orgId,
          type: note ? 'note.added' : 'conversation.added',
          at: createdAt,
          actor,
          ticket,
          data: note
            ? { activityId: id, createdBy: input.createdBy }
            : { activityId: id, activityType: input.type, createdBy: input.createdBy },
        },
        deps.newId,
      );
      await emitAttachmentAdded(tx, { ticket, activityId: id, files, ids: attachmentIds, at: createdAt, actor }, deps);
      return { id, ticket };
    });
    keepFiles(files, deps);
    return result;
  } catch (error) {
    await discardFiles(files, deps);
    throw error;
  }
}
