import { NATIVE_OPERATIONS, type NativePresenceBody, PRESENCE_TTL_SECONDS, type PresenceView } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../core/authenticate.js';
import { ticketNotFound } from '../core/get-ticket.js';
import type { PresenceEntry, PresenceKey } from '../core/ticket-presence.js';
import { parseTicketRef } from '../core/ticket-ref.js';
import { nativeRoute } from '../http/native-route.js';
import { requirePrincipal } from '../http/request-context.js';
import type { NativeContext } from './native-context.js';

type RefParams = { orgId: string; ref: string };

const TTL_MS = PRESENCE_TTL_SECONDS * 1000;

/** Ticket presence (docs/api.md "Presence"): heartbeats that lapse after `PRESENCE_TTL_SECONDS`. */
export function registerPresenceRoutes(app: FastifyInstance, ctx: NativeContext): void {
  const { deskwire, presence } = ctx;

  /** The live ticket a path names in the caller's tenant, or 404 `TicketNotFound` (a trashed one too). */
  const ticketOf = async (principal: Principal, refText: string): Promise<PresenceKey> => {
    const ref = parseTicketRef(refText);
    const ticket = await deskwire.storage.tickets.find(principal.tenant.orgId, ref);
    if (!ticket) throw ticketNotFound(ref);
    return { orgId: principal.tenant.orgId, ticketNumber: ticket.number };
  };

  /** The others on the ticket: the caller never sees themself (their other tabs are the same person). */
  const othersOn = async (key: PresenceKey, principal: Principal): Promise<PresenceView> => {
    const entries = await presence.list(key, deskwire.now().getTime());
    return {
      ticketNumber: key.ticketNumber,
      ttlSeconds: PRESENCE_TTL_SECONDS,
      agents: entries.filter((e) => e.userId !== principal.user.id).map(encodePresence),
    };
  };

  app.route<{ Params: RefParams }>({
    ...nativeRoute(NATIVE_OPERATIONS.getPresence),
    handler: async (request) => {
      const principal = requirePrincipal(request);
      return othersOn(await ticketOf(principal, request.params.ref), principal);
    },
  });

  app.route<{ Params: RefParams; Body: NativePresenceBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.setPresence),
    handler: async (request) => {
      const principal = requirePrincipal(request);
      const key = await ticketOf(principal, request.params.ref);
      await presence.beat(key, {
        userId: principal.user.id,
        name: principal.user.name,
        activity: request.body.activity,
        nowMs: deskwire.now().getTime(),
        ttlMs: TTL_MS,
      });
      return othersOn(key, principal);
    },
  });

  app.route<{ Params: RefParams }>({
    ...nativeRoute(NATIVE_OPERATIONS.leavePresence),
    handler: async (request, reply) => {
      const principal = requirePrincipal(request);
      await presence.leave(await ticketOf(principal, request.params.ref), principal.user.id);
      return reply.code(204).send();
    },
  });
}

function encodePresence(entry: PresenceEntry): PresenceView['agents'][number] {
  return {
    userId: entry.userId,
    name: entry.name,
    activity: entry.activity,
    since: new Date(entry.sinceMs).toISOString(),
    expiresAt: new Date(entry.expiresMs).toISOString(),
  };
}
