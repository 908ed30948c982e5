import { randomUUID } from 'node:crypto';
import type { SharedRedis } from '@deskwire/server';
import { Redis } from 'ioredis';

/** The Redis the suite runs against (the machine's own, `.ci/run` starts it when down). */
export const TEST_REDIS_URL = process.env.DESKWIRE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test (or run) uses, so suites share one Redis without seeing each other. */
export function uniqueRedisPrefix(name: string): string {
  return `deskwire-test:${name}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under a prefix; returns how many. */
export async function deleteRedisKeys(client: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await client.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Keys under a prefix (for assertions that a store wrote where it should). */
export async function redisKeys(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
}

export interface TestRedis {
  client: Redis;
  prefix: string;
  /** A store handle with its own connection, as a second server instance would have. */
  connect: () => SharedRedis;
  /** Deletes the prefix's keys and closes every connection opened here. */
  cleanup: () => Promise<void>;
}

export function openTestRedis(name: string): TestRedis {
  const prefix = uniqueRedisPrefix(name);
  const clients: Redis[] = [];
  const open = () => {
    const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };
  const client = open();
  return {
    client,
    prefix,
    connect: () => ({ client: open(), prefix }),
    cleanup: async () => {
      await deleteRedisKeys(client, prefix);
      await Promise.all(clients.map((c) => c.quit()));
    },
  };
}
