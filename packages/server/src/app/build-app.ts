import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { ServerOptions } from '../config.js';
import { DEFAULT_REDIS_KEY_PREFIX } from '../config.js';
import type { Deskwire } from '../deskwire.js';
import { renderLsqError } from '../dialects/leadsquared/leadsquared-errors.js';
import { ApiError } from '../errors/api-error.js';
import { registerDownloadRoute } from '../http/download-route.js';
import { installErrorHandler } from '../http/error-handler.js';
import { registerHealthRoute } from '../http/health-route.js';
import { installMetricsHook } from '../http/metrics-hook.js';
import { registerMetricsRoute } from '../http/metrics-route.js';
import { registerOpenApiRoute } from '../http/openapi-route.js';
import { registerReadinessRoute } from '../http/readiness-route.js';
import { resolveServerOptions } from '../http/server-options.js';
import { capConnectionsPerAddress, installSlowClientGuard } from '../http/slow-client-guard.js';
import { type Dialect, isDialect, type SurfaceContext } from '../http/surface.js';
import { toApiError } from '../http/to-api-error.js';
import { installUnicodeCheck } from '../http/well-formed-unicode.js';
import { AppMetrics } from '../observability/app-metrics.js';
import { closeRedis, connectRedis, redactRedisUrl, type SharedRedis } from '../redis/redis-connection.js';
import { connectionLimits, fastifyOptions } from './fastify-options.js';
import { SURFACES } from './surfaces.js';

/** The error body of a request no dialect owns (probes, downloads, unknown paths): LeadSquared's envelope. */
const renderDefaultError = renderLsqError;

/**
 * Builds the Fastify app over an opened data set: shared hooks and probes, then every surface of
 * `SURFACES`. Nothing listens yet: call `listen`, or drive it in-process with `inject` (tests).
 */
export async function buildApp(deskwire: Deskwire, serverOptions: ServerOptions = {}): Promise<FastifyInstance> {
  const options = resolveServerOptions(serverOptions);
  const dialects = SURFACES.filter(isDialect);
  const renderFor = (url: string) => dialectFor(dialects, url)?.renderError ?? renderDefaultError;
  const classify = (error: unknown) => deskwire.storage.classifyError(error);
  const app = Fastify({
    ...fastifyOptions(serverOptions, options.limits.bodyBytes),
    // Errors Fastify raises before routing (a malformed URL, an over-long path segment) bypass the
    // error handlers; render them in the owning dialect's shape and never echo the URL (it may carry a signature).
    frameworkErrors: (error, request, reply) => {
      const apiError = toApiError(error, classify);
      // Fastify types this reply for an unknown route generic; it is a plain reply.
      return (reply as unknown as FastifyReply).status(apiError.statusCode).send(renderFor(request.url)(apiError));
    },
  });

  if (serverOptions.publicDemoKeys === true) {
    // Every start, not only the first: the keys are in the README for anyone to use.
    app.log.warn('the demo tenant 22824 answers its PUBLISHED Admin keys from any address (publicDemoKeys)');
  }
  // First of all hooks, so even a request that fails authentication is watched (slow-client-guard.ts).
  const connections = connectionLimits(serverOptions);
  installSlowClientGuard(app, connections);
  capConnectionsPerAddress(app, connections.maxConnectionsPerAddress);
  // Lone surrogates are refused before any surface validates or stores a body (well-formed-unicode.ts).
  installUnicodeCheck(app);

  // Both vendors speak JSON (and multipart where documented); Fastify's default text/plain parser
  // would let a text body reach validation as a string instead of answering 415.
  app.removeContentTypeParser('text/plain');
  // Failures outside every surface's scope (a body on an unknown path that is not JSON) in the shape of the
  // surface that owns the path, as the not-found answer below.
  installErrorHandler(app, (error, request) => renderFor(request.url)(error), classify);
  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError('NotFound', 'The API could not be found. Please check the API signature.');
    return reply.status(404).send(renderFor(request.url)(error));
  });

  const redis = options.redisUrl === undefined ? undefined : openSharedRedis(app, options.redisUrl, serverOptions);
  try {
    const metrics = new AppMetrics(deskwire.storage);
    app.decorate('deskwireServices', { redis, metrics });
    installMetricsHook(app, metrics);
    const context: SurfaceContext = { deskwire, options, services: { redis, metrics } };
    registerHealthRoute(app, deskwire);
    registerReadinessRoute(app, deskwire, redis);
    registerMetricsRoute(app, metrics, options.metricsToken);
    registerDownloadRoute(app, deskwire, options.downloadUrlTtlSeconds);
    registerOpenApiRoute(app);
    for (const surface of SURFACES) await surface.register(app, context);
  } catch (error) {
    if (redis) await closeRedis(redis.client);
    throw error;
  }
  return app;
}

/** The dialect that owns a request URL (its path, without the query), if any. */
function dialectFor(dialects: readonly Dialect[], url: string): Dialect | undefined {
  const path = url.split('?', 1)[0] ?? url;
  return dialects.find((dialect) => dialect.owns(path));
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
