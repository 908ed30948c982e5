import type { FastifyInstance } from 'fastify';
import type { Deskwire } from '../deskwire.js';

/**
 * `GET /healthz` (liveness): 200 while the store answers, 503 when it does not. `/readyz` reports
 * every backend. Logged at warn only: orchestrators probe every few seconds.
 */
export function registerHealthRoute(app: FastifyInstance, deskwire: Deskwire): void {
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    try {
      await deskwire.storage.ping();
      return { status: 'ok', storage: deskwire.storage.adapter.name };
    } catch {
      return reply.status(503).send({ status: 'unavailable', storage: deskwire.storage.adapter.name });
    }
  });
}
