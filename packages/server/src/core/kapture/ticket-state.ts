import { ApiError } from '../../errors/api-error.js';
import type { CoreDeps } from '../deps.js';
import type { FieldChange, FieldValue, KaptureTicketState, TicketLookup, User } from '../domain.js';
import { emitTicketUpdated, userActor } from '../emit-event.js';
import { ticketNotFound } from '../get-ticket.js';
import { type KaptureSettings, normalizeDisposition, type Queue, type SubStatus } from './settings.js';

export const EMPTY_STATE: Readonly<KaptureTicketState> = Object.freeze({
  subStatusKey: null,
  queueKey: null,
  disposition: null,
  callbackAt: null,
  additionalInfo: {},
});

/** History names of the Kapture-only attributes (beside the ticket fields' `Status`, `Title`, …). */
export const STATE_HISTORY_NAMES = Object.freeze({
  queueKey: 'Kapture.Queue',
  disposition: 'Kapture.Disposition',
  callbackAt: 'Kapture.CallbackTime',
} as const);

/** Most extra fields one ticket keeps, and the longest name. */
const MAX_EXTRA_FIELDS = 100;
const MAX_EXTRA_NAME = 100;

/** The sub-status with that key (case-insensitive), or a 400 naming the valid keys. */
export function findSubStatus(settings: KaptureSettings, key: string): SubStatus {
  const found = settings.subStatuses.find((s) => s.key.toLowerCase() === key.trim().toLowerCase());
  if (!found) {
    throw new ApiError(
      'InvalidFieldValue',
      `Invalid sub_status '${key.slice(0, 30)}'. Valid keys: ${settings.subStatuses.map((s) => s.key).join(', ')}`,
    );
  }
  return found;
}

/** The queue with that key (case-insensitive), or a 400 naming the valid keys. */
export function findQueue(settings: KaptureSettings, key: string): Queue {
  const found = settings.queues.find((q) => q.key.toLowerCase() === key.trim().toLowerCase());
  if (!found) {
    const valid = settings.queues.map((q) => q.key).join(', ') || 'none configured';
    throw new ApiError('InvalidFieldValue', `Invalid queue '${key.slice(0, 30)}'. Valid keys: ${valid}`);
  }
  return found;
}

/** The configured disposition matching `value` (spaces around `|` and case ignored), or a 400. */
export function findDisposition(settings: KaptureSettings, value: string): string {
  const wanted = normalizeDisposition(value).toLowerCase();
  const found = settings.dispositions.find((d) => d.toLowerCase() === wanted);
  if (!found) {
    throw new ApiError(
      'InvalidFieldValue',
      `Invalid disposition '${value.slice(0, 60)}'. Valid dispositions: ${settings.dispositions.join(', ')}`,
    );
  }
  return found;
}

/**
 * The sub-status a ticket reads as. Its `Status` field is the shared state: the stored key wins when it
 * still maps to that Status (so `OP` and `CRS`, both Open, read back as set); otherwise the first
 * sub-status of that Status; a Status no sub-status maps to reads as itself with key `""`, Pending.
 */
export function currentSubStatus(
  settings: KaptureSettings,
  ticketStatus: FieldValue,
  storedKey: string | null,
): SubStatus {
  const status = typeof ticketStatus === 'string' ? ticketStatus : '';
  const stored = storedKey ? settings.subStatuses.find((s) => s.key === storedKey) : undefined;
  if (stored && stored.ticketStatus === status) return stored;
  return (
    settings.subStatuses.find((s) => s.ticketStatus === status) ?? {
      key: '',
      name: status,
      status: 'P',
      ticketStatus: status,
    }
  );
}

/** Checks K1/K2 extra fields: at most 100, names of at most 100 characters. */
export function checkExtraFields(extra: Record<string, unknown>): void {
  const names = Object.keys(extra);
  if (names.length > MAX_EXTRA_FIELDS) {
    throw new ApiError('ValidationError', `At most ${MAX_EXTRA_FIELDS} additional fields per ticket`);
  }
  const long = names.find((n) => n.length > MAX_EXTRA_NAME || n.length === 0);
  if (long !== undefined) {
    throw new ApiError('ValidationError', `Additional field name '${long.slice(0, 40)}' must have 1-100 characters`);
  }
}

export interface UpdateTicketStateInput {
  orgId: number;
  ticket: TicketLookup;
  actor: User | null;
  /** Part of creating the ticket: its `ticket.created` event covers the initial state (no `ticket.updated`). */
  initial?: boolean;
  /** Attributes to set; `additionalInfo` is merged into the stored one. Validate values first. */
  patch: Partial<KaptureTicketState>;
}

/**
 * Writes a ticket's Kapture state in one transaction. Changes of queue, disposition and callback are
 * recorded in the ticket's history (as `Kapture.Queue`, …) and move the ticket's update time.
 */
export async function updateTicketState(input: UpdateTicketStateInput, deps: CoreDeps): Promise<KaptureTicketState> {
  return deps.storage.transaction(async (tx) => {
    const ticket = await tx.tickets.find(input.orgId, input.ticket);
    if (!ticket) throw ticketNotFound(input.ticket);
    const current = (await tx.kapture.getTicketStates([ticket.id])).get(ticket.id) ?? EMPTY_STATE;
    const { additionalInfo, ...rest } = input.patch;
    const next: KaptureTicketState = {
      ...current,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      additionalInfo: { ...current.additionalInfo, ...additionalInfo },
    };
    checkExtraFields(next.additionalInfo);
    const now = deps.now();
    const changes: FieldChange[] = [];
    for (const [attribute, schemaName] of Object.entries(STATE_HISTORY_NAMES) as Array<
      [keyof typeof STATE_HISTORY_NAMES, string]
    >) {
      const oldValue = historyValue(current[attribute]);
      const newValue = historyValue(next[attribute]);
      if (oldValue !== newValue) {
        changes.push({ schemaName, oldValue, newValue, changedBy: input.actor?.id ?? null, changedAt: now });
      }
    }
    await tx.kapture.putTicketState(input.orgId, ticket.id, next, now);
    if (changes.length > 0) {
      await tx.history.record(input.orgId, ticket.id, changes);
      await tx.tickets.update(ticket.id, new Map(), { updatedAt: now });
      if (input.initial !== true) {
        await emitTicketUpdated(
          tx,
          { orgId: input.orgId, at: now, actor: userActor(input.actor), ticket, changes },
          deps.newId,
        );
      }
    }
    return next;
  });
}

function historyValue(value: string | Date | null): FieldValue {
  return value instanceof Date ? value.toISOString() : value;
}
