import type { DeliveryView, WebhookView } from '@deskwire/wire';
import type { WebhookDelivery, WebhookEndpoint } from '../core/event-log.js';

/** Webhook endpoints and deliveries as Deskwire's API and the sandbox show them (docs/webhooks.md). */

/** An endpoint as the API shows it: never its secret. */
export function webhookView(endpoint: WebhookEndpoint): WebhookView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    description: endpoint.description,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
  };
}

/** A delivery as the delivery log shows it. */
export function deliveryView(d: WebhookDelivery): DeliveryView {
  return {
    id: d.id,
    webhookId: d.endpointId,
    eventId: `evt_${d.orgId}_${d.sequence}`,
    eventType: d.eventType,
    sequence: d.sequence,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    responseStatus: d.responseStatus,
    responseExcerpt: d.responseExcerpt,
    latencyMs: d.latencyMs,
  };
}
