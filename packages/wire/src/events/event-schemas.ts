import { type Static, type TSchema, Type } from '@sinclair/typebox';

/*
 * The event log's contract (docs/webhooks.md): one envelope for every event, the same whichever surface
 * made the change, with a `data` body per type. Webhook deliveries post the envelope as JSON; the event
 * log endpoints and the SSE stream return it unchanged.
 */

/** Who made the change: an agent (user GUID), a lead (customer), or Deskwire itself (CLI, sandbox, system). */
export const EventActor = Type.Object(
  {
    type: Type.Union([Type.Literal('user'), Type.Literal('lead'), Type.Literal('system')]),
    id: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

/** Where the change came in: the surface (`leadsquared`, `kapture`, `sandbox`, `email`, `cli`, `v1`) and its operation. */
export const EventOrigin = Type.Object(
  { surface: Type.String(), operation: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);

/** The ticket an event is about: its per-tenant number and GUID. */
export const EventTicket = Type.Object({ number: Type.Integer(), id: Type.String() }, { additionalProperties: false });

const FieldValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const TicketCreatedData = Type.Object(
  { typeId: Type.Integer(), leadId: Type.Union([Type.String(), Type.Null()]), creationType: Type.String() },
  { additionalProperties: false },
);
export const TicketUpdatedData = Type.Object(
  {
    /** Each changed field once, with the value before and after (values sent unchanged are left out). */
    changes: Type.Array(
      Type.Object(
        { field: Type.String(), oldValue: FieldValue, newValue: FieldValue },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export const TicketTrashedData = Type.Object({}, { additionalProperties: false });
export const ConversationAddedData = Type.Object(
  { activityId: Type.Integer(), activityType: Type.String(), createdBy: Type.String() },
  { additionalProperties: false },
);
export const NoteAddedData = Type.Object(
  { activityId: Type.Integer(), createdBy: Type.String() },
  { additionalProperties: false },
);
export const AttachmentAddedData = Type.Object(
  {
    /** The conversation or note the files belong to; `null` for files attached to the ticket itself. */
    activityId: Type.Union([Type.Integer(), Type.Null()]),
    attachments: Type.Array(
      Type.Object(
        { id: Type.String(), name: Type.String(), size: Type.Integer(), contentType: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export const EmailDeliveryFailedData = Type.Object(
  { messageId: Type.String(), reason: Type.String() },
  { additionalProperties: false },
);
export const KeyRevokedData = Type.Object(
  {
    /** `lsq-key` (a LeadSquared key pair, named by its fingerprint, never its value) or `kapture-token`. */
    kind: Type.Union([Type.Literal('lsq-key'), Type.Literal('kapture-token')]),
    keyId: Type.String(),
  },
  { additionalProperties: false },
);
export const TenantApiDisabledData = Type.Object({}, { additionalProperties: false });
export const WebhookEndpointDisabledData = Type.Object(
  { endpointId: Type.String(), url: Type.String(), reason: Type.String() },
  { additionalProperties: false },
);

/** Every event type with its `data` schema: the stable names receivers switch on. */
export const EVENT_DATA = {
  'ticket.created': TicketCreatedData,
  'ticket.updated': TicketUpdatedData,
  'ticket.trashed': TicketTrashedData,
  'conversation.added': ConversationAddedData,
  'note.added': NoteAddedData,
  'attachment.added': AttachmentAddedData,
  'email.delivery_failed': EmailDeliveryFailedData,
  'key.revoked': KeyRevokedData,
  'tenant.api_disabled': TenantApiDisabledData,
  'webhook.endpoint_disabled': WebhookEndpointDisabledData,
} as const satisfies Record<string, TSchema>;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.freeze(Object.keys(EVENT_DATA) as EventType[]);

/** What each event type means (the OpenAPI `webhooks` entries and docs/webhooks.md). */
export const EVENT_SUMMARIES: Readonly<Record<EventType, string>> = {
  'ticket.created': 'A ticket was created (either dialect, the sandbox, the CLI, an inbound email).',
  'ticket.updated': 'Fields of a ticket changed; `data.changes` lists each with its old and new value.',
  'ticket.trashed': 'A ticket was moved to the trash.',
  'conversation.added': 'A conversation was added to a ticket (inbound or outbound email, portal, agent).',
  'note.added': 'An internal note was added to a ticket.',
  'attachment.added': 'Files were attached to a ticket, its conversation or its note.',
  'email.delivery_failed': 'A reply mailed to the customer failed for good (rejected, bounced, out of retries).',
  'key.revoked': 'An API key pair or a Kapture token of the tenant was revoked.',
  'tenant.api_disabled': "The tenant's API was switched off: calls are refused until it is switched on.",
  'webhook.endpoint_disabled': 'A webhook endpoint kept failing and was disabled (delivered to the other endpoints).',
};

function envelope<T extends EventType>(type: T) {
  return Type.Object(
    {
      /** `evt_<orgId>_<sequence>`: the `webhook-id` of every delivery of this event (receivers dedupe on it). */
      id: Type.String(),
      type: Type.Literal(type),
      /** Gap-free per tenant, in commit order. */
      sequence: Type.Integer({ minimum: 1 }),
      orgId: Type.Integer(),
      occurredAt: Type.String({ format: 'date-time' }),
      actor: EventActor,
      origin: EventOrigin,
      ticket: Type.Union([EventTicket, Type.Null()]),
      data: EVENT_DATA[type],
    },
    { additionalProperties: false, title: type },
  );
}

/** One envelope schema per event type (the OpenAPI document's `webhooks`). */
export const EVENT_SCHEMAS: Readonly<Record<EventType, TSchema>> = Object.freeze(
  Object.fromEntries(EVENT_TYPES.map((type) => [type, envelope(type)])) as unknown as Record<EventType, TSchema>,
);

/** Any event (the event log's items). */
export const DeskwireEvent = Type.Union(EVENT_TYPES.map((type) => EVENT_SCHEMAS[type]));
/** An event as the log stores and serves it (`data` as its type's schema says). */
export interface DeskwireEvent {
  id: string;
  type: EventType;
  sequence: number;
  orgId: number;
  occurredAt: string;
  actor: Static<typeof EventActor>;
  origin: Static<typeof EventOrigin>;
  ticket: Static<typeof EventTicket> | null;
  data: Record<string, unknown>;
}

/** One page of the log: the events after `after`, oldest first, and where to continue. */
export const EventPage = Type.Object(
  { events: Type.Array(DeskwireEvent), next: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
