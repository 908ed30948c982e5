import type { EventType } from '@deskwire/wire';

/**
 * The event types an endpoint can filter on, as the contract's `EVENT_TYPES` lists them (a node test keeps
 * the two equal): the browser bundle carries names, not the catalogue's schemas.
 */
export const WEBHOOK_EVENT_TYPES: readonly EventType[] = [
  'ticket.created',
  'ticket.updated',
  'ticket.trashed',
  'conversation.added',
  'note.added',
  'attachment.added',
  'email.delivery_failed',
  'key.revoked',
  'tenant.api_disabled',
  'webhook.endpoint_disabled',
];
