import type { DeskwireEvent, EventType } from '@deskwire/wire';
import type { Ticket } from './domain.js';
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
