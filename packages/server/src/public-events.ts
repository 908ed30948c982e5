/** The event log and webhooks (docs/webhooks.md): what the CLI and tests use. */
export type { DeliveryStatus, WebhookDelivery, WebhookEndpoint } from './core/event-log.js';
export { withEventOrigin } from './core/event-origin.js';
export {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  newWebhookSecret,
  redeliver,
  updateWebhook,
} from './core/manage-webhooks.js';
export { isBlockedAddress } from './events/ssrf-guard.js';
export { retryDelayMs, WebhookDispatcher } from './events/webhook-dispatcher.js';
export { postWebhook } from './events/webhook-request.js';
export { signDelivery } from './events/webhook-signer.js';
