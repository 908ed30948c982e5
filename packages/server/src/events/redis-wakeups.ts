import type { SharedRedis } from '../redis/redis-connection.js';
import type { Storage } from '../storage/storage.js';

/**
 * Wake-ups after commits that appended events: this instance's own commits always; with Redis, every
 * instance's, through pub/sub on `<prefix>events` (the pollers stay as the safety net when a message is
 * lost). Returns the function that stops listening.
 */
export async function announceCommits(
  storage: Pick<Storage, 'onEventsCommitted'>,
  redis: SharedRedis | undefined,
  wake: () => void,
): Promise<() => Promise<void>> {
  const channel = `${redis?.prefix ?? ''}events`;
  const subscriber = redis?.client.duplicate();
  if (subscriber) {
    subscriber.on('message', () => wake());
    subscriber.on('error', () => {});
    await subscriber.subscribe(channel).catch(() => {});
  }
  const off = storage.onEventsCommitted(() => {
    wake();
    redis?.client.publish(channel, '1').catch(() => {});
  });
  return async () => {
    off();
    if (subscriber) subscriber.disconnect();
  };
}
