/**
 * Live updates for an open console: one subscription per tenant that tells the pages "something changed"
 * (a ticket, a note, a field) so they refetch what they show. It reads the server's event log as a stream
 * (`GET /api/v1/tenants/{orgId}/events/stream`, `text/event-stream`, one event per change with `id: <sequence>`;
 * the browser resumes with Last-Event-ID after a dropped connection) when the server offers one, and
 * otherwise polls: a tick every `pollMs`. Either way the pages see the same `LiveEvent`s, so nothing else
 * knows which transport runs.
 */
export interface LiveEvent {
  /** The event type the server named (`ticket.updated`, ...), or `poll` for a polling tick. */
  type: string;
  /** The ticket number the event is about, when it names one. */
  ticketNumber?: number;
}

export interface LiveSubscription {
  readonly transport: 'event-stream' | 'polling';
  close(): void;
}

export interface LiveOptions {
  orgId: string;
  /** Whether the server lists the event stream (see capabilities.ts). */
  eventsAvailable: boolean;
  /** Polling period when there is no stream. */
  pollMs?: number;
  onEvent: (event: LiveEvent) => void;
}

export const DEFAULT_POLL_MS = 5000;

/** Event types that change what a console page shows (docs: the event log's table). */
export const LIVE_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.trashed',
  'conversation.added',
  'note.added',
  'attachment.added',
  'email.delivery_failed',
] as const;

/** A burst of events (a bulk change, the replay after a reconnect) becomes one refresh this long after the last. */
const COALESCE_MS = 50;

export function eventStreamPath(orgId: string): string {
  return `/api/v1/tenants/${encodeURIComponent(orgId)}/events/stream`;
}

export function subscribeLive(options: LiveOptions): LiveSubscription {
  if (options.eventsAvailable && typeof EventSource === 'function') return streamSubscription(options);
  return pollingSubscription(options);
}

function streamSubscription(options: LiveOptions): LiveSubscription {
  // New events only: the log's history is not the console's business (a reconnect resumes by Last-Event-ID).
  const source = new EventSource(`${eventStreamPath(options.orgId)}?after=latest`);
  let fallback: LiveSubscription | undefined;
  let pending: LiveEvent | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deliver = (type: string, data: string): void => {
    const ticketNumber = ticketNumberOf(data);
    pending = ticketNumber === undefined ? { type } : { type, ticketNumber };
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (pending) options.onEvent(pending);
      pending = undefined;
    }, COALESCE_MS);
  };
  // Named events (event: ticket.updated) reach only listeners for their name.
  for (const type of LIVE_EVENT_TYPES) {
    source.addEventListener(type, (message) => deliver(type, String((message as MessageEvent).data)));
  }
  source.onerror = () => {
    // CLOSED means the server refused the stream (a dropped connection is retried by EventSource itself):
    // keep the pages fresh by polling instead.
    if (source.readyState === EventSource.CLOSED && fallback === undefined) fallback = pollingSubscription(options);
  };
  return {
    transport: 'event-stream',
    close() {
      clearTimeout(timer);
      source.close();
      fallback?.close();
    },
  };
}

function pollingSubscription(options: LiveOptions): LiveSubscription {
  const timer = setInterval(() => options.onEvent({ type: 'poll' }), options.pollMs ?? DEFAULT_POLL_MS);
  return {
    transport: 'polling',
    close() {
      clearInterval(timer);
    },
  };
}

/** The `ticket.number` of an event envelope, if the data is one. */
export function ticketNumberOf(data: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const ticket = (parsed as { ticket?: unknown }).ticket;
    const number = typeof ticket === 'object' && ticket !== null ? (ticket as { number?: unknown }).number : undefined;
    return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
  } catch {
    return undefined;
  }
}
