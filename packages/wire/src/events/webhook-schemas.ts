import { type Static, Type } from '@sinclair/typebox';
import { EVENT_TYPES } from './event-schemas.js';

/*
 * Webhook endpoints and their delivery log, as Deskwire's own API (`/api/v1/tenants/{orgId}/webhooks`)
 * and the sandbox show them. The signing secret appears once, in the create response, never again.
 */

const EventTypeName = Type.Union(EVENT_TYPES.map((type) => Type.Literal(type)));

export const WebhookOrgParams = Type.Object({ orgId: Type.String({ pattern: '^[0-9]{1,15}$' }) });
export const WebhookParams = Type.Object({
  orgId: Type.String({ pattern: '^[0-9]{1,15}$' }),
  webhookId: Type.String({ minLength: 1, maxLength: 64 }),
});

export const CreateWebhookBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    /** Event types delivered; empty or absent: every type. */
    events: Type.Optional(Type.Array(EventTypeName, { maxItems: 32 })),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    /** `true` re-enables an endpoint disabled after failures (its pending deliveries are retried). */
    enabled: Type.Optional(Type.Boolean()),
    events: Type.Optional(Type.Array(EventTypeName, { maxItems: 32 })),
  },
  { additionalProperties: false },
);
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const WebhookView = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    events: Type.Array(Type.String()),
    description: Type.String(),
    enabled: Type.Boolean(),
    /** Why the endpoint was disabled (after failing for the retry window), else `null`. */
    disabledReason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type WebhookView = Static<typeof WebhookView>;

/** The create response: the endpoint and, this once, its signing secret (`whsec_…`, Standard Webhooks form). */
export const CreatedWebhookView = Type.Object(
  { webhook: WebhookView, secret: Type.String() },
  { additionalProperties: false },
);
export const WebhookListView = Type.Object({ webhooks: Type.Array(WebhookView) }, { additionalProperties: false });

export const DeliveryView = Type.Object(
  {
    id: Type.String(),
    webhookId: Type.String(),
    eventId: Type.String(),
    eventType: Type.String(),
    sequence: Type.Integer(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
    attempts: Type.Integer(),
    nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** HTTP status of the last attempt; `null` when it got no response (refused, timed out, blocked). */
    responseStatus: Type.Union([Type.Integer(), Type.Null()]),
    /** The first 200 characters of the last response body, or why there was none. */
    responseExcerpt: Type.Union([Type.String(), Type.Null()]),
    latencyMs: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type DeliveryView = Static<typeof DeliveryView>;

export const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  },
  { additionalProperties: false },
);
export const DeliveryListView = Type.Object({ deliveries: Type.Array(DeliveryView) }, { additionalProperties: false });

/** Redeliver one delivery (`deliveryId`) or every event of a sequence range (`fromSequence`..`toSequence`). */
export const RedeliverBody = Type.Object(
  {
    deliveryId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    fromSequence: Type.Optional(Type.Integer({ minimum: 1 })),
    toSequence: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type RedeliverBody = Static<typeof RedeliverBody>;
export const RedeliveredView = Type.Object({ queued: Type.Integer() }, { additionalProperties: false });

export const EventQuery = Type.Object(
  {
    /** Events with a sequence above this (default 0: from the start). */
    after: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    /** At most this many (1–500, default 100). */
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
    /** Long-poll: wait up to this many seconds (0–60) for an event when there is none yet. */
    wait: Type.Optional(Type.String({ pattern: '^[0-9]{1,2}$' })),
  },
  { additionalProperties: false },
);

/** The sandbox's built-in test receiver (`POST /_deskwire/test-receiver`): how it answers a delivery. */
/**
 * Where the event stream starts when the request carries no `Last-Event-ID` (which, sent by an
 * `EventSource` reconnecting, always wins): after sequence N, or `latest` for new events only.
 */
export const EventStreamQuery = Type.Object(
  { after: Type.Optional(Type.String({ pattern: '^([0-9]{1,15}|latest)$' })) },
  { additionalProperties: false },
);

export const TestReceiverQuery = Type.Object(
  {
    /** Answer with this failure status instead of 200. */
    status: Type.Optional(Type.Union([Type.Literal('500'), Type.Literal('503')])),
    /** Wait this long (0–10 000 ms) before answering. */
    delayMs: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
    /** `1`: close the connection without answering. */
    drop: Type.Optional(Type.Literal('1')),
  },
  { additionalProperties: false },
);
export const TestReceiverView = Type.Object({ received: Type.Boolean() }, { additionalProperties: false });
