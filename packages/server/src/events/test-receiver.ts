import { routerPath, SANDBOX_OPERATIONS } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { refuseUnknown } from './strict-input.js';

/**
 * The sandbox's built-in webhook receiver (`POST /_deskwire/test-receiver`, on with the sandbox): point a
 * webhook at it to watch deliveries in the journal, and fail them on purpose from the URL itself:
 * `?status=503` (or 500) answers that status, `?delayMs=2000` answers late, `?drop=1` closes the connection
 * without an answer. It needs no credentials (deliveries carry none) and stores nothing.
 */
export function testReceiverRoute(app: FastifyInstance): void {
  const op = SANDBOX_OPERATIONS.testReceiver;
  app.post<{ Querystring: { status?: '500' | '503'; delayMs?: string; drop?: '1' } }>(
    routerPath(op.path),
    {
      config: { operation: op.name },
      schema: { querystring: op.query },
      preValidation: refuseUnknown(op.query, 'query'),
    },
    async (request, reply) => {
      const delay = Math.min(Number(request.query.delayMs ?? 0), 10_000);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (request.query.drop === '1') {
        request.raw.socket.destroy();
        return reply.hijack();
      }
      if (request.query.status === '503') throw new ApiError('ServiceUnavailable', 'test receiver: failing on purpose');
      if (request.query.status === '500') throw new ApiError('InternalError', 'test receiver: failing on purpose');
      return { received: true };
    },
  );
}
