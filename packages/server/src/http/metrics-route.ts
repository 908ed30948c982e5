import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import { ApiError } from '../errors/api-error.js';
import type { AppMetrics } from '../observability/app-metrics.js';

/**
 * `GET /metrics`: Prometheus text format. Who may scrape: with a `metricsToken`, any caller sending
 * `Authorization: Bearer <token>` (Prometheus' `authorization` scrape setting), and no one else;
 * without one, loopback callers only (a scraper or sidecar on the same host), everyone else 403.
 * Never vendor keys or the admin token: a scraper should hold neither. Not rate limited, logged at
 * warn only (scrapes every 15 s would flood the info log).
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: AppMetrics, token: string | undefined): void {
  if (token !== undefined && !/^[\x21-\x7e]{16,1024}$/.test(token)) {
    throw new Error('the metrics token must be 16 to 1024 printable ASCII characters without spaces');
  }
  const expected = token === undefined ? undefined : digest(token);
  app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    if (expected) {
      if (!bearerMatches(request, expected)) {
        throw new ApiError('Unauthorized', 'GET /metrics needs Authorization: Bearer <metrics token>', {
          headers: { 'www-authenticate': 'Bearer' },
        });
      }
    } else if (!isLoopback(request.socket.remoteAddress) || !isLoopback(request.ip)) {
      // Both the peer and the client: with a trusted proxy `request.ip` is read from X-Forwarded-For,
      // which a remote caller writes itself (`X-Forwarded-For: 127.0.0.1`), so it alone proves nothing.
      throw new ApiError('Forbidden', 'GET /metrics answers loopback callers only unless a metrics token is set');
    }
    const body = await metrics.scrape();
    return reply.type(metrics.contentType).send(body);
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares digests in constant time, so the token's length and prefix do not leak through timing. */
function bearerMatches(request: FastifyRequest, expected: Buffer): boolean {
  const match = /^Bearer ([\x21-\x7e]+)$/.exec(request.headers.authorization ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

function isLoopback(ip: string | undefined): boolean {
  if (ip === undefined) return false;
  try {
    return ipaddr.process(ip).range() === 'loopback';
  } catch {
    return false;
  }
}
