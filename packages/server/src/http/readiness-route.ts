import type { FastifyInstance } from 'fastify';
import type { BlobStore } from '../blobs/blob-store.js';
import { DiskBlobStore } from '../blobs/disk-blob-store.js';
import { S3BlobStore } from '../blobs/s3-blob-store.js';
import type { Deskwire } from '../deskwire.js';
import { pingRedis, type SharedRedis } from '../redis/redis-connection.js';

/**
 * Longest one backend check may take. Below Kubernetes' default probe timeout (1 s), so a slow
 * backend reads as "not ready" instead of as a probe that timed out, and `/readyz` never hangs.
 */
export const READY_CHECK_TIMEOUT_MS = 800;

export interface CheckResult {
  status: 'up' | 'down';
  engine?: string;
  latencyMs: number;
  /** Why a check failed: `timeout`, or the error's code or name (never its message: no hosts, no secrets). */
  error?: string;
}

/**
 * `GET /readyz`: whether this instance can serve, backend by backend (storage, blobs, and Redis when
 * configured), checked in parallel. 200 `{status:'ready', checks}`, or 503 `{status:'unready',
 * failing:[names], checks}`. Needs no credentials and is not rate limited. `/healthz` stays the
 * liveness probe (is the process alive and its store reachable); this one says whether to route
 * traffic here. Logged at warn only: probes every few seconds would drown the info log.
 */
export function registerReadinessRoute(app: FastifyInstance, deskwire: Deskwire, redis: SharedRedis | undefined): void {
  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    const checks: Record<string, Promise<CheckResult>> = {
      storage: check(() => deskwire.storage.ping(), deskwire.storage.adapter.name),
      blobs: check(() => deskwire.blobs.ping(), blobEngine(deskwire.blobs)),
      ...(redis && { redis: check(() => pingRedis(redis.client), 'redis') }),
    };
    const results: Record<string, CheckResult> = {};
    for (const [name, pending] of Object.entries(checks)) results[name] = await pending;
    const failing = Object.keys(results).filter((name) => results[name]?.status === 'down');
    if (failing.length === 0) return { status: 'ready', checks: results };
    request.log.warn({ failing, checks: results }, 'not ready');
    return reply.status(503).send({ status: 'unready', failing, checks: results });
  });
}

/** Runs one check against the timeout; a failure or a timeout is a result, never a thrown error. */
async function check(probe: () => Promise<unknown>, engine: string | undefined): Promise<CheckResult> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), READY_CHECK_TIMEOUT_MS);
  });
  const base = engine === undefined ? {} : { engine };
  try {
    const outcome = await Promise.race([probe().then(() => 'up' as const), timeout]);
    const latencyMs = elapsed(start);
    return outcome === 'up'
      ? { status: 'up', ...base, latencyMs }
      : { status: 'down', ...base, latencyMs, error: 'timeout' };
  } catch (error) {
    return { status: 'down', ...base, latencyMs: elapsed(start), error: errorLabel(error) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/** `ECONNREFUSED`, `ETIMEDOUT`, …: enough to act on, nothing that names a host or a key. */
function errorLabel(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown };
  if (typeof e.code === 'string' && /^[A-Z0-9_]{1,40}$/i.test(e.code)) return e.code;
  return typeof e.name === 'string' && /^\w{1,60}$/.test(e.name) ? e.name : 'error';
}

/** The blob store's engine, for the report; a store of another kind (an embedder's) is left unnamed. */
function blobEngine(blobs: BlobStore): string | undefined {
  if (blobs instanceof DiskBlobStore) return 'disk';
  if (blobs instanceof S3BlobStore) return 's3';
  return undefined;
}
