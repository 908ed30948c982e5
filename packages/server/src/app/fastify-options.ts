import type { FastifyServerOptions } from 'fastify';
import type { ServerOptions } from '../config.js';
import { redactUrl } from '../http/redact-url.js';

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

/** The logger: credentials travel in headers, which are never logged; URLs lose credential-like queries. */
function logger(options: ServerOptions): NonNullable<FastifyServerOptions['logger']> {
  if (options.logLevel === false) return false;
  return {
    level: options.logLevel ?? 'info',
    ...(options.logStream && { stream: options.logStream }),
    // Redacted should a custom serializer ever add headers.
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
  };
}

/** Fastify's options for a server with these settings (all but the framework-error renderer). */
export function fastifyOptions(options: ServerOptions, bodyLimit: number): FastifyServerOptions {
  return {
    bodyLimit,
    trustProxy: fastifyTrustProxy(options.trustProxy),
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, allErrors: false } },
    logger: logger(options),
  };
}
