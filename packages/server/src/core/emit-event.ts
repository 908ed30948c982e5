import type { DeskwireEvent, EventType } from '@deskwire/wire';
import type { FieldChange, Ticket } from './domain.js';
import type { NewEvent } from './event-log.js';
import { currentEventOrigin } from './event-origin.js';
import type { TransactionalStore } from './store.js';

export interface EmitInput {
  orgId: number;
  type: EventType;
  at: Date;
  /** A user GUID, a lead GUID, or `null` for Deskwire itself. */
  actor: { type: 'user' | 'lead' | 'system'; id: string | null };
  ticket: Pick<Ticket, 'id' | 'number'> | null;
  data: Record<string, unknown>;
}

/**
 * Appends an event to the log in the caller's transaction (`tx` must be the open transaction): the
 * change and its event commit together or not at all (docs/webhooks.md "Transactional outbox").
 */
export function emitEvent(tx: TransactionalStore, input: EmitInput, newId: () => string): Promise<DeskwireEvent> {
  const event: NewEvent = {
    type: input.type,
    orgId: input.orgId,
    occurredAt: input.at.toISOString(),
    actor: input.actor,
    origin: currentEventOrigin(),
    ticket: input.ticket && { number: input.ticket.number, id: input.ticket.id },
    data: input.data,
  };
  return tx.events.append(event, newId);
}

/** The actor of a user-made change (`null`: Deskwire itself). */
export function userActor(user: { id: string } | null): EmitInput['actor'] {
  return user ? { type: 'user', id: user.id } : { type: 'system', id: null };
}

/** `ticket.updated` with the changed fields, as every surface's update emits it (docs/webhooks.md). */
export function emitTicketUpdated(
  tx: TransactionalStore,
  input: Pick<EmitInput, 'orgId' | 'at' | 'actor'> & {
    ticket: Pick<Ticket, 'id' | 'number'>;
    changes: readonly Pick<FieldChange, 'schemaName' | 'oldValue' | 'newValue'>[];
  },
  newId: () => string,
): Promise<DeskwireEvent> {
  return emitEvent(
    tx,
    {
      orgId: input.orgId,
      type: 'ticket.updated',
      at: input.at,
      actor: input.actor,
      ticket: input.ticket,
      data: {
        changes: input.changes.map((c) => ({ field: c.schemaName, oldValue: c.oldValue, newValue: c.newValue })),
      },
    },
    newId,
  );
}
