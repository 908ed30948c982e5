/**
 * Live updates for an open console: one subscription per tenant that tells the pages "something changed"
 * (a ticket, a note, a field) so they refetch what they show. It uses the server's event stream when the
 * server offers one (`GET /api/v1/tenants/{orgId}/events` as `text/event-stream`, resumed with
 * Last-Event-ID by the browser), and otherwise falls back to polling: the pages' own refetch on a timer.
 * Either way the pages see the same `LiveEvent`s, so nothing else knows which transport runs.
 */
export interface LiveEvent {
  /** The event type the server named (`ticket.updated`, ...), or `poll` for a polling tick. */
  type: string;
  /** The ticket the event is about, when it names one. */
  ticketRef?: string;
}

export interface LiveSubscription {
  readonly transport: 'event-stream' | 'polling';
  close(): void;
}

export interface LiveOptions {
  orgId: string;
  /** Whether the server lists the events endpoint (see capabilities.ts). */
  eventsAvailable: boolean;
  /** Polling period when there is no stream. */
  pollMs?: number;
  onEvent: (event: LiveEvent) => void;
}

export const DEFAULT_POLL_MS = 5000;

export function eventsPath(orgId: string): string {
  return `/api/v1/tenants/${encodeURIComponent(orgId)}/events`;
}

export function subscribeLive(options: LiveOptions): LiveSubscription {
  if (options.eventsAvailable && typeof EventSource === 'function') return streamSubscription(options);
  return pollingSubscription(options);
}

function streamSubscription(options: LiveOptions): LiveSubscription {
  const source = new EventSource(eventsPath(options.orgId), { withCredentials: true });
  let fallback: LiveSubscription | undefined;
  const deliver = (type: string, data: string): void => {
    const ref = ticketRefOf(data);
    options.onEvent(ref === undefined ? { type } : { type, ticketRef: ref });
  };
  source.onmessage = (message) => deliver('message', String(message.data));
  // Named events (event: ticket.updated) do not reach onmessage; one generic listener per known family.
  for (const type of ['ticket.created', 'ticket.updated', 'ticket.deleted', 'note.created', 'reply.sent']) {
    source.addEventListener(type, (message) => deliver(type, String((message as MessageEvent).data)));
  }
  source.onerror = () => {
    // CLOSED means the server refused the stream (not just a dropped connection, which EventSource
    // retries by itself): keep the pages fresh by polling instead.
    if (source.readyState === EventSource.CLOSED && fallback === undefined) fallback = pollingSubscription(options);
  };
  return {
    transport: 'event-stream',
    close() {
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

function ticketRefOf(data: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const record = parsed as Record<string, unknown>;
    const inner =
      typeof record.data === 'object' && record.data !== null ? (record.data as Record<string, unknown>) : record;
    const ref = inner.ticketRef ?? inner.ref ?? inner.ticketId;
    return typeof ref === 'string' || typeof ref === 'number' ? String(ref) : undefined;
  } catch {
    return undefined;
  }
}
