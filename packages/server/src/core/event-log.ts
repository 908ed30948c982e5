import type { DeskwireEvent, EventType } from '@deskwire/wire';

/*
 * The event log's types as core and storage share them (storage/event-repository.ts implements
 * `EventStore`; core/emit-event.ts writes through it inside the change's transaction).
 */

/** An event before the store gives it its sequence (and with it its id). */
export type NewEvent = Omit<DeskwireEvent, 'id' | 'sequence'> & { type: EventType };

/** A webhook endpoint as stored; `secret` never leaves the server except once, in the create response. */
export interface WebhookEndpoint {
  id: string;
  orgId: number;
  url: string;
  /** Event types delivered; empty: every type. */
  events: EventType[];
  description: string;
  secret: string;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  orgId: number;
  endpointId: string;
  sequence: number;
  eventType: string;
  ticketId: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  giveUpAt: Date;
  lastAttemptAt: Date | null;
  responseStatus: number | null;
  responseExcerpt: string | null;
  latencyMs: number | null;
}

/** How one delivery attempt ended, as the dispatcher records it. */
export interface AttemptOutcome {
  at: Date;
  /** `delivered`, `pending` (retry at `nextAttemptAt`) or `failed` (gave up). */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  responseStatus: number | null;
  responseExcerpt: string | null;
  latencyMs: number | null;
}

/** The event log: append in the writing transaction, read in sequence order. */
export interface EventStore {
  /**
   * Gives the event the tenant's next sequence and stores it, with one pending delivery for each enabled
   * endpoint of the tenant whose filter matches: all in the caller's transaction (call inside one).
   */
  append(event: NewEvent, newId: () => string): Promise<DeskwireEvent>;
  /** The tenant's events with a sequence above `after`, oldest first. */
  list(orgId: number, after: number, limit: number): Promise<DeskwireEvent[]>;
  /** The tenant's last sequence (0 before its first event). */
  lastSequence(orgId: number): Promise<number>;
  /** One event by sequence. */
  get(orgId: number, sequence: number): Promise<DeskwireEvent | undefined>;
}

/** Webhook endpoints and their deliveries. */
export interface WebhookStore {
  createEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  getEndpoint(orgId: number, id: string): Promise<WebhookEndpoint | undefined>;
  listEndpoints(orgId: number): Promise<WebhookEndpoint[]>;
  /** Changes `enabled` (clearing or setting the reason) and/or the filter; false when there is no such endpoint. */
  updateEndpoint(
    orgId: number,
    id: string,
    patch: { enabled?: boolean; disabledReason?: string | null; events?: EventType[] },
  ): Promise<boolean>;
  deleteEndpoint(orgId: number, id: string): Promise<boolean>;
  /**
   * Takes up to `limit` due deliveries of enabled endpoints until `claimedUntil`, for `owner`: each is
   * the earliest pending one of its ticket at its endpoint (per-ticket order), and no other instance
   * can take it until the claim runs out (a crashed owner's claims are taken again after that).
   */
  claimDue(owner: string, now: Date, claimedUntil: Date, limit: number): Promise<WebhookDelivery[]>;
  /** Records an attempt of a delivery `owner` holds; false when the claim was lost meanwhile. */
  recordAttempt(id: string, owner: string, outcome: AttemptOutcome): Promise<boolean>;
  listDeliveries(
    orgId: number,
    endpointId: string,
    options: { status?: DeliveryStatus; limit: number },
  ): Promise<WebhookDelivery[]>;
  getDelivery(orgId: number, id: string): Promise<WebhookDelivery | undefined>;
  /** Queues a new delivery of an existing event to an endpoint (redelivery): same event, same `webhook-id`. */
  enqueue(delivery: WebhookDelivery): Promise<void>;
  /** The earliest time a pending delivery of an enabled endpoint is due, if any (the dispatcher's next wake-up). */
  nextDue(): Promise<Date | undefined>;
}
