import { EventPage } from '../events/event-schemas.js';
import {
  CreatedWebhookView,
  CreateWebhookBody,
  DeliveryListView,
  DeliveryQuery,
  EventQuery,
  EventStreamQuery,
  RedeliverBody,
  RedeliveredView,
  UpdateWebhookBody,
  WebhookListView,
  WebhookOrgParams,
  WebhookParams,
  WebhookView,
} from '../events/webhook-schemas.js';
import type { SandboxOperation } from './operation.js';

/**
 * Deskwire's own event-log and webhook endpoints (docs/webhooks.md), under `/api/v1/tenants/{orgId}`.
 * Shaped like `SandboxOperation` (method, status, path parameters) so that the native API's catalogue
 * can take them in. Authenticated as the rest of /api/v1: the key pair or an agent session.
 */
export type EventOperation = SandboxOperation & {
  /** The response's media type when it is not JSON (the SSE stream). */
  readonly produces?: 'text/event-stream';
};

const T = '/api/v1/tenants/{orgId}';

export const EVENT_OPERATIONS = {
  listEvents: {
    name: 'v1.listEvents',
    summary: 'Read the event log after a sequence (long-poll with wait=)',
    method: 'GET',
    path: `${T}/events`,
    kind: 'read',
    params: WebhookOrgParams,
    query: EventQuery,
    status: 200,
    response: EventPage,
    cli: 'deskwire events tail',
  },
  streamEvents: {
    name: 'v1.streamEvents',
    summary: 'The event log as text/event-stream, resuming after Last-Event-ID (or after=N, or after=latest)',
    method: 'GET',
    path: `${T}/events/stream`,
    kind: 'read',
    params: WebhookOrgParams,
    query: EventStreamQuery,
    status: 200,
    produces: 'text/event-stream',
  },
  listWebhooks: {
    name: 'v1.listWebhooks',
    summary: 'List webhook endpoints',
    method: 'GET',
    path: `${T}/webhooks`,
    kind: 'read',
    params: WebhookOrgParams,
    status: 200,
    response: WebhookListView,
    cli: 'deskwire webhook list',
  },
  createWebhook: {
    name: 'v1.createWebhook',
    summary: 'Add a webhook endpoint (the signing secret is shown this once)',
    method: 'POST',
    path: `${T}/webhooks`,
    kind: 'write',
    params: WebhookOrgParams,
    body: CreateWebhookBody,
    status: 201,
    response: CreatedWebhookView,
    cli: 'deskwire webhook add',
  },
  getWebhook: {
    name: 'v1.getWebhook',
    summary: 'Get a webhook endpoint',
    method: 'GET',
    path: `${T}/webhooks/{webhookId}`,
    kind: 'read',
    params: WebhookParams,
    status: 200,
    response: WebhookView,
  },
  updateWebhook: {
    name: 'v1.updateWebhook',
    summary: 'Re-enable or disable an endpoint, or change its event filter',
    method: 'PATCH',
    path: `${T}/webhooks/{webhookId}`,
    kind: 'write',
    params: WebhookParams,
    body: UpdateWebhookBody,
    status: 200,
    response: WebhookView,
  },
  deleteWebhook: {
    name: 'v1.deleteWebhook',
    summary: 'Remove a webhook endpoint and its delivery log',
    method: 'DELETE',
    path: `${T}/webhooks/{webhookId}`,
    kind: 'write',
    params: WebhookParams,
    status: 204,
    cli: 'deskwire webhook remove',
  },
  listDeliveries: {
    name: 'v1.listDeliveries',
    summary: "An endpoint's delivery log, newest first",
    method: 'GET',
    path: `${T}/webhooks/{webhookId}/deliveries`,
    kind: 'read',
    params: WebhookParams,
    query: DeliveryQuery,
    status: 200,
    response: DeliveryListView,
    cli: 'deskwire webhook deliveries',
  },
  redeliverWebhook: {
    name: 'v1.redeliverWebhook',
    summary: 'Deliver again: one delivery by id, or a range of event sequences',
    method: 'POST',
    path: `${T}/webhooks/{webhookId}/redeliver`,
    kind: 'write',
    params: WebhookParams,
    body: RedeliverBody,
    status: 202,
    response: RedeliveredView,
    cli: 'deskwire webhook redeliver',
  },
} as const satisfies Record<string, EventOperation>;
