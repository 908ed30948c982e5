import type { DeskwireEvent } from '@deskwire/wire';
import { EVENT_OPERATIONS, routerPath } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { sessionInForce } from '../core/agent-sessions.js';
import type { CoreDeps } from '../core/deps.js';
import { ApiError } from '../errors/api-error.js';
import { requirePrincipal } from '../http/request-context.js';
import type { EventWaiter } from './event-waiter.js';
import { refuseUnknown } from './strict-input.js';

const MAX_LIMIT = 500;
const MAX_WAIT_SECONDS = 60;
/** SSE: a comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** A stream opened with an agent session ends within this long of the session ending (sign-out, expiry). */
const SESSION_CHECK_MS = 1_000;
/** How soon an EventSource reconnects after the stream ends (the SSE `retry` field). */
const RECONNECT_MS = 1_000;

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
export function eventLogRoutes(
  app: FastifyInstance,
  waiter: EventWaiter,
  deps: Pick<CoreDeps, 'storage' | 'now'>,
): void {
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
  app.get<{ Querystring: { after?: string } }>(
    routerPath(stream.path),
    {
      config: { operation: stream.name },
      schema: { querystring: stream.query },
      preValidation: refuseUnknown(stream.query, 'query'),
    },
    async (request, reply) => {
      const { tenant } = requirePrincipal(request);
      const header = request.headers['last-event-id'];
      const from = request.query.after;
      // A reconnecting EventSource sends Last-Event-ID: it wins. Otherwise `after` (a console wants only new events).
      const lastId =
        typeof header === 'string' && /^[0-9]{1,15}$/.test(header)
          ? Number(header)
          : from === 'latest'
            ? await waiter.lastSequence(tenant.orgId)
            : from !== undefined
              ? Number(from)
              : 0;
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
      res.write(`: deskwire event stream\nretry: ${RECONNECT_MS}\n\n`);
      // A session's stream ends with the session; the browser's reconnect then meets the 401.
      const sessionToken = request.sessionToken;
      const waitMs = sessionToken === undefined ? HEARTBEAT_MS : SESSION_CHECK_MS;
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
          await waiter.wait(waitMs);
          if (sessionToken !== undefined && !(await sessionInForce(sessionToken, deps))) break;
        }
      } catch (error) {
        request.log.warn({ err: error }, 'event stream ended by an error');
      } finally {
        res.end();
      }
    },
  );
}
