import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers of one delivery attempt: `webhook-id` (the event's id, the same on every
 * retry and redelivery, so receivers dedupe on it), `webhook-timestamp` (seconds) and `webhook-signature`
 * (`v1,` HMAC-SHA256 of `id.timestamp.body`), signed with the `standardwebhooks` library.
 */
export function signDelivery(
  secret: string,
  eventId: string,
  at: Date,
  body: string,
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  const signature = new Webhook(secret).sign(eventId, at, body);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
