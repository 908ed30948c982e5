import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where a change came in (the event's `origin`): set around each request's handler by the HTTP layer
 * (the operation name from the catalogue) and around CLI commands, so core functions emit it without
 * every caller threading it through. Outside any scope a change is `internal` (background jobs).
 */
export interface EventOrigin {
  surface: string;
  operation: string | null;
}

const storage = new AsyncLocalStorage<EventOrigin>();

const INTERNAL: EventOrigin = Object.freeze({ surface: 'internal', operation: null });

export function withEventOrigin<T>(origin: EventOrigin, work: () => T): T {
  return storage.run(origin, work);
}

export function currentEventOrigin(): EventOrigin {
  return storage.getStore() ?? INTERNAL;
}

/** The surface an operation name belongs to: its prefix (`lsq.createTicket` → `leadsquared`). */
export function surfaceOfOperation(operation: string): string {
  const prefix = operation.split('.', 1)[0] ?? operation;
  return prefix === 'lsq' ? 'leadsquared' : prefix;
}
