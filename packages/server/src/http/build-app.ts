import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  DEFAULT_DOWNLOAD_TTL_SECONDS,
  DEFAULT_LIMITS,
  DEFAULT_REDIS_KEY_PREFIX,
  type RequestLimits,
  type ServerOptions,
} from '../config.js';
import type { Deskwire } from '../deskwire.js';
import { renderKapError } from '../dialects/kapture/kapture-errors.js';
import { kaptureRoutes } from '../dialects/kapture/kapture-routes.js';
import { renderLsqError } from '../dialects/leadsquared/leadsquared-errors.js';
import { leadSquaredRoutes } from '../dialects/leadsquared/leadsquared-routes.js';
import { ApiError } from '../errors/api-error.js';
import { AppMetrics } from '../observability/app-metrics.js';
import { installMetricsHook } from '../observability/metrics-hook.js';
import { closeRedis, connectRedis, redactRedisUrl, type SharedRedis } from '../redis/redis-connection.js';
import { installSandbox } from '../sandbox/install-sandbox.js';
import './app-services.js';
import { registerDownloadRoute } from './download-route.js';
import { registerHealthRoute } from './health-route.js';
import { registerMetricsRoute } from './metrics-route.js';
import { registerReadinessRoute } from './readiness-route.js';
import { toApiError } from './to-api-error.js';

export interface ResolvedServerOptions {
  publicUrl: string | undefined;
  limits: RequestLimits;
  downloadUrlTtlSeconds: number;
}

/**
 * Query parameter names that smell of a credential: download signatures, and keys or tokens that a
 * client may put in the query although Deskwire reads them only from headers (the Sales CRM API
 * takes `accessKey`/`secretKey` as query parameters).
 */
const CREDENTIAL_IN_QUERY = /signature|secret|access[-_]?key|api[-_]?key|token|password/i;

/**
 * A query string that carries a credential (a download signature, a key) is not logged or
 * journaled at all. Checked on the decoded query, so `?sig%6Eature=` cannot slip past the check.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url.slice(at + 1);
  // Judge each parameter name decoded on its own (as the query parser reads it); a name that cannot
  // be decoded is treated as suspect, since one bad escape must not hide a `sig%6Eature` beside it.
  const suspect = query.split('&').some((pair) => {
    const name = pair.split('=', 1)[0] ?? '';
    try {
      return CREDENTIAL_IN_QUERY.test(decodeURIComponent(name.replaceAll('+', ' ')));
    } catch {
      return true;
    }
  });
  return suspect || CREDENTIAL_IN_QUERY.test(query) ? `${url.slice(0, at)}?[redacted]` : url;
}

/**
 * `ServerOptions.trustProxy` as Fastify takes it. A hop count becomes proxy-addr's hop predicate
 * (trust the `n` nearest hops): Fastify's types accept no number.
 */
function fastifyTrustProxy(
  setting: ServerOptions['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  if (Array.isArray(setting)) return [...setting];
  return setting === true;
}

/**
 * Builds the Fastify app over an opened data set. Nothing listens yet: call `listen`, or drive it
 * in-process with `inject` (tests).
 */
export async function buildApp(deskwire: Deskwire, options: ServerOptions = {}): Promise<FastifyInstance> {
  const resolved: ResolvedServerOptions = {
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    downloadUrlTtlSeconds: options.downloadUrlTtlSeconds ?? DEFAULT_DOWNLOAD_TTL_SECONDS,
  };
  const app = Fastify({
    bodyLimit: resolved.limits.bodyBytes,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    return503OnClosing: true,
    // Errors Fastify raises before routing (a malformed URL, an over-long path segment) bypass the
    // error handlers; render them in the dialect's shape and never echo the URL (it may carry a signature).
    frameworkErrors: (error, request, reply) => {
      const apiError = toApiError(error);
      const body = request.url.includes('.html') ? renderKapError(apiError) : renderLsqError(apiError);
      // Fastify types this reply for an unknown route generic; it is a plain reply.
      return (reply as unknown as FastifyReply).status(apiError.statusCode).send(body);
    },
    ajv: { customOptions: { coerceTypes: false, allErrors: false } },
    logger:
      options.logLevel === false
        ? false
        : {
            level: options.logLevel ?? 'info',
            ...(options.logStream && { stream: options.logStream }),
            // Credentials travel in headers; headers are never logged, and these paths are redacted
            // should a custom serializer ever add them.
            redact: [
              'req.headers["x-lsq-secret-key"]',
              'req.headers["x-lsq-access-key"]',
              'req.headers.authorization',
              'req.headers["x-api-key"]',
              'req.headers["x-deskwire-admin-token"]',
            ],
            serializers: {
              req: (req) => ({
                method: req.method,
                url: redactUrl(req.url),
                hostname: req.hostname,
                remoteAddress: req.ip,
                remotePort: req.socket?.remotePort ?? 0,
              }),
            },
          },
  });

  // Both vendors speak JSON (and multipart where documented); Fastify's default text/plain parser
  // would let a text body reach validation as a string instead of answering 415.
  app.removeContentTypeParser('text/plain');

  // Outside the dialect scopes (health, downloads, unknown paths) errors use the same envelope.
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(apiError.statusCode).headers(apiError.headers).send(renderLsqError(apiError));
  });
  app.setNotFoundHandler((_request, reply) => {
    const error = new ApiError('NotFound', 'The API could not be found. Please check the API signature.');
    return reply.status(404).send(renderLsqError(error));
  });

  const redis = options.redisUrl === undefined ? undefined : openSharedRedis(app, options.redisUrl, options);
  try {
    // Shared with the dialects' rate limits (app-services.ts); hooks on the root reach every route.
    const metrics = new AppMetrics(deskwire.storage);
    app.decorate('deskwireServices', { redis, metrics });
    installMetricsHook(app, metrics);

    // Sandbox controls (only with an admin token): its hooks must exist before the dialects register.
    await installSandbox(app, deskwire, { ...options, limits: resolved.limits, redis });
    registerHealthRoute(app, deskwire);
    registerReadinessRoute(app, deskwire, redis);
    registerMetricsRoute(app, metrics, options.metricsToken);
    registerDownloadRoute(app, deskwire);
    await app.register(leadSquaredRoutes, { prefix: '/api/tenants/:orgId', deskwire, options: resolved });
    // Kapture paths sit at the root (`/search-ticket-by-ticket-id.html/v.2.0`, …); the token names the tenant.
    await app.register(kaptureRoutes, { deskwire, options: resolved });
  } catch (error) {
    if (redis) await closeRedis(redis.client);
    throw error;
  }
  return app;
}

/** One Redis client per app, closed with it; its URL is logged without the password. */
function openSharedRedis(app: FastifyInstance, url: string, options: ServerOptions): SharedRedis {
  const client = connectRedis(url, (error) =>
    app.log.warn({ err: { name: error.name, code: (error as { code?: unknown }).code } }, 'Redis unreachable'),
  );
  app.addHook('onClose', () => closeRedis(client));
  const prefix = options.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  app.log.info({ redis: redactRedisUrl(url), keyPrefix: prefix }, 'shared state in Redis');
  return { client, prefix };
}
