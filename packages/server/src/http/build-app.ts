import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_DOWNLOAD_TTL_SECONDS, DEFAULT_LIMITS, type RequestLimits, type ServerOptions } from '../config.js';
import type { Deskwire } from '../deskwire.js';
import { renderLsqError } from '../dialects/leadsquared/leadsquared-errors.js';
import { leadSquaredRoutes } from '../dialects/leadsquared/leadsquared-routes.js';
import { ApiError } from '../errors/api-error.js';
import { registerDownloadRoute } from './download-route.js';
import { registerHealthRoute } from './health-route.js';
import { toApiError } from './to-api-error.js';

export interface ResolvedServerOptions {
  publicUrl: string | undefined;
  limits: RequestLimits;
  downloadUrlTtlSeconds: number;
}

/** Query parameters that grant access and so must not reach a log line. */
const SECRET_QUERY = /([?&](?:signature|X-Amz-Signature)=)[^&]*/gi;

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
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, allErrors: false } },
    logger:
      options.logLevel === false
        ? false
        : {
            level: options.logLevel ?? 'info',
            ...(options.logStream && { stream: options.logStream }),
            // Credentials travel in headers; headers are never logged, and these paths are redacted
            // should a custom serializer ever add them.
            redact: ['req.headers["x-lsq-secret-key"]', 'req.headers["x-lsq-access-key"]', 'req.headers.authorization'],
            serializers: {
              req: (req) => ({
                method: req.method,
                url: req.url.replace(SECRET_QUERY, '$1[redacted]'),
                hostname: req.hostname,
                remoteAddress: req.ip,
                remotePort: req.socket?.remotePort ?? 0,
              }),
            },
          },
  });

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

  registerHealthRoute(app, deskwire);
  registerDownloadRoute(app, deskwire);
  await app.register(leadSquaredRoutes, { prefix: '/api/tenants/:orgId', deskwire, options: resolved });
  return app;
}
