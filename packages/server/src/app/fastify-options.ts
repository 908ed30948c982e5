import type { Server } from 'node:http';
import type { FastifyHttpOptions, FastifyServerOptions } from 'fastify';
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS, type ServerOptions } from '../config.js';
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

/** The configured `ConnectionLimits`; the per-address cap is off by default behind a trusted proxy. */
export function connectionLimits(options: ServerOptions): ConnectionLimits {
  const behindProxy = options.trustProxy !== undefined && options.trustProxy !== false;
  return {
    ...DEFAULT_CONNECTION_LIMITS,
    ...(behindProxy && { maxConnectionsPerAddress: 0 }),
    ...options.connections,
  };
}

/** Fastify's options for a server with these settings (all but the framework-error renderer). */
export function fastifyOptions(options: ServerOptions, bodyLimit: number): FastifyHttpOptions<Server> {
  const { headersTimeoutMs } = connectionLimits(options);
  return {
    bodyLimit,
    // Node's own header deadline (it answers 408 and closes); its check runs every
    // `connectionsCheckingInterval`, which bounds how late past the deadline a socket closes.
    http: {
      headersTimeout: headersTimeoutMs,
      requestTimeout: 0,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeoutMs / 4) || 1000)),
    },
    trustProxy: fastifyTrustProxy(options.trustProxy),
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, allErrors: false } },
    logger: logger(options),
  };
}
