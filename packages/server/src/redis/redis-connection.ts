import { Redis } from 'ioredis';
import { ApiError } from '../errors/api-error.js';

/** The one Redis client of an app and the prefix of every key it writes. */
export interface SharedRedis {
  readonly client: Redis;
  /** E.g. `deskwire:`; each store appends its own segment (`rate:`, `journal:`, `faults:`). */
  readonly prefix: string;
}

/**
 * Longest any single Redis command may take before the request that needs it gives up. Redis
 * answers in well under a millisecond on a healthy network; two seconds means it is down or
 * partitioned, and a caller is better served by a prompt 503 than by a hung request.
 */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * Connects at once (no lazy connect, so a wrong URL shows in the log at startup, not on the first
 * request). While Redis is unreachable the client keeps reconnecting (backing off to 2 s), and a
 * command queued meanwhile fails after one reconnect attempt instead of waiting for Redis to return:
 * callers answer 503 and retry, as they would against the vendor.
 */
export function connectRedis(url: string, onError: (error: Error) => void): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    connectTimeout: COMMAND_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Without a listener ioredis prints every failed reconnect to the console; report each outage once.
  let reported = false;
  client.on('error', (error: Error) => {
    connectionErrors.set(client, error);
    if (reported) return;
    reported = true;
    onError(error);
  });
  client.on('ready', () => {
    reported = false;
    connectionErrors.delete(client);
  });
  return client;
}

/** The latest connection error of each client made by `connectRedis`, until it connects again. */
const connectionErrors = new WeakMap<Redis, Error>();

/**
 * `PING`, failing with the reason Redis is unreachable: a command queued while disconnected fails with
 * ioredis' `MaxRetriesPerRequestError`, which hides the cause, so the latest connection error (with
 * its code, e.g. `ECONNREFUSED`) is thrown instead.
 */
export async function pingRedis(client: Redis): Promise<void> {
  try {
    await client.ping();
  } catch (error) {
    throw (error as Error).name === 'MaxRetriesPerRequestError' ? (connectionErrors.get(client) ?? error) : error;
  }
}

/** Closes politely when connected (pending replies arrive first), at once otherwise. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Fall through: the connection went away while quitting.
    }
  }
  client.disconnect();
}

/** Query parameters of a Redis URL that name nothing secret (ioredis reads every parameter as an option). */
const PLAIN_URL_PARAMS = new Set(['db', 'family']);

/**
 * A Redis URL fit for a log line: the password (and a user name) replaced by `***`, and so is every
 * query parameter but `db` and `family`: ioredis takes `?password=…` (or `sentinelPassword`, `tls`…)
 * from the query as well as from the user info.
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = '***';
    for (const name of [...new Set(parsed.searchParams.keys())]) {
      if (!PLAIN_URL_PARAMS.has(name)) parsed.searchParams.set(name, '***');
    }
    return parsed.toString();
  } catch {
    return '[unparsable Redis URL]';
  }
}

/**
 * What a request sees when the shared store fails: 503 with `Retry-After`, never a 500. The cause
 * stays on the error for the log; its text (host, port) is not sent to the caller.
 */
export function redisUnavailable(cause: unknown): ApiError {
  if (cause instanceof ApiError) return cause;
  return new ApiError('ServiceUnavailable', 'The shared state store is unavailable; retry shortly', {
    cause,
    headers: { 'retry-after': '1' },
  });
}

/** Runs one Redis operation; any Redis failure becomes `redisUnavailable`. */
export async function withRedis<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw redisUnavailable(error);
  }
}
