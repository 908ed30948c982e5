import type { DeskwireEvent } from '@deskwire/wire';
import { EVENT_OPERATIONS, routerPath } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { requirePrincipal } from '../http/request-context.js';
import type { EventWaiter } from './event-waiter.js';
import { refuseUnknown } from './strict-input.js';

const MAX_LIMIT = 500;
const MAX_WAIT_SECONDS = 60;
/** SSE: a comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

function intParam(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new ApiError('ValidationError', `${name} must be 0–${max}`);
  return n;
}

/**
 * Reading the event log: `GET …/events?after=SEQ&limit=&wait=` (a page, or a long-poll of up to `wait`
 * seconds when nothing is there yet) and `GET …/events/stream` (`text/event-stream`, each event with
 * `id: <sequence>`, resuming after `Last-Event-ID`). Both see only the caller's tenant.
 */
export function eventLogRoutes(app: FastifyInstance, waiter: EventWaiter): void {
  const list = EVENT_OPERATIONS.listEvents;
  app.get<{ Querystring: { after?: string; limit?: string; wait?: string } }>(
    routerPath(list.path),
    {
      config: { operation: list.name },
      schema: { querystring: list.query },
      preValidation: refuseUnknown(list.query, 'query'),
    },
    async (request) => {
      const { tenant } = requirePrincipal(request);
      const after = intParam(request.query.after, 'after', 0, Number.MAX_SAFE_INTEGER);
      const limit = Math.max(1, intParam(request.query.limit, 'limit', 100, MAX_LIMIT));
      const wait = intParam(request.query.wait, 'wait', 0, MAX_WAIT_SECONDS);
      const deadline = Date.now() + wait * 1000;
      let events: DeskwireEvent[] = await waiter.list(tenant.orgId, after, limit);
      while (events.length === 0 && Date.now() < deadline && !request.raw.destroyed) {
        await waiter.wait(deadline - Date.now());
        events = await waiter.list(tenant.orgId, after, limit);
      }
      return { events, next: events.at(-1)?.sequence ?? after };
    },
  );

  const stream = EVENT_OPERATIONS.streamEvents;
  app.get(routerPath(stream.path), { config: { operation: stream.name } }, async (request, reply) => {
    const { tenant } = requirePrincipal(request);
    const header = request.headers['last-event-id'];
    const lastId = typeof header === 'string' && /^[0-9]{1,15}$/.test(header) ? Number(header) : 0;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let after = lastId;
    let closed = false;
    request.raw.on('close', () => {
      closed = true;
      waiter.interrupt();
    });
    let lastWrite = Date.now();
    res.write(': deskwire event stream\n\n');
    try {
      while (!closed) {
        const events = await waiter.list(tenant.orgId, after, 100);
        for (const event of events) {
          res.write(`id: ${event.sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
          after = event.sequence;
          lastWrite = Date.now();
        }
        if (events.length === 100) continue;
        if (Date.now() - lastWrite >= HEARTBEAT_MS) {
          res.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
        await waiter.wait(HEARTBEAT_MS);
      }
    } catch (error) {
      request.log.warn({ err: error }, 'event stream ended by an error');
    } finally {
      res.end();
    }
  });
}
