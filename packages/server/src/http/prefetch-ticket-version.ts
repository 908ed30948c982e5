import type { FastifyRequest } from 'fastify';
import type { TicketLookup } from '../core/domain.js';
import type { Repositories } from '../core/store.js';
import { parseTicketRef } from '../core/ticket-ref.js';
import './request-context.js';

/**
 * For a route that reads one ticket (route config `ticketRef`): reads the tenant's configuration
 * generation and the ticket's version in one statement, keeps the version on the request for the
 * handler's cached answer (cached-ticket-answer.ts) and returns the generation for authentication, so
 * a cached read costs one statement (one round trip on PostgreSQL) instead of two. `undefined` when
 * the route reads no ticket or the reference is malformed (the handler then refuses it as before).
 */
export async function prefetchTicketVersion(
  request: FastifyRequest,
  orgId: number,
  storage: Pick<Repositories, 'configGenerations'>,
): Promise<number | undefined> {
  const ref = request.routeOptions.config.ticketRef?.(request);
  if (ref === undefined) return undefined;
  let lookup: TicketLookup;
  try {
    lookup = parseTicketRef(ref);
  } catch {
    return undefined;
  }
  const { generation, ticket } = await storage.configGenerations.withTicketVersion(orgId, lookup);
  request.ticketVersion = { lookup, ticket };
  return generation;
}
