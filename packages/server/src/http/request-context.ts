import type { Principal } from '../core/authenticate.js';
import type { TicketLookup } from '../core/domain.js';
import type { TicketVersion } from '../core/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by a dialect's auth hook before any handler runs. */
    principal?: Principal;
    /**
     * The ticket a one-ticket read names and its version, read by the auth hook in the same statement
     * as the tenant's configuration generation (route config `ticketRef`); `ticket` is `undefined` when
     * no live ticket has that reference.
     */
    ticketVersion?: { lookup: TicketLookup; ticket: TicketVersion | undefined };
  }
  interface FastifyContextConfig {
    /**
     * Stable name of the vendor operation a route serves (`lsq.getTicket`, `kapture.getTickets`, …):
     * what the request journal records and what sandbox fault rules match on.
     */
    operation?: string;
    /** Deskwire's own API: which credentials the route takes (`NativeOperation.auth`, docs/api.md). */
    nativeAuth?: 'any' | 'session' | 'none';
    /**
     * For a route that reads one ticket: where the request names it (a path or query value). The auth
     * hook then reads the ticket's version with the configuration generation in one statement.
     */
    ticketRef?: (request: FastifyRequest) => string | undefined;
  }
}

export function requirePrincipal(request: { principal?: Principal }): Principal {
  if (!request.principal) throw new Error('route reached without authentication');
  return request.principal;
}
