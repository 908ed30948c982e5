import type { FastifyReply } from 'fastify';
import type { Principal } from '../core/authenticate.js';
import type { CoreDeps } from '../core/deps.js';
import type { TicketLookup } from '../core/domain.js';
import { ticketNotFound } from '../core/get-ticket.js';
import type { TicketVersion } from '../core/store.js';
import type { TicketResponseCache } from './ticket-response-cache.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Answers a one-ticket read from finished bytes when the ticket and the tenant's configuration are
 * unchanged since they were made (ticket-response-cache.ts); otherwise builds the answer with `build`,
 * serializes it with the route's own serializer (so cached and fresh bytes are identical) and keeps
 * it. `operation` names the answer's shape (dialect and operation): one ticket has one entry per
 * shape and caller role. A principal without a configuration snapshot is answered uncached.
 */
export async function sendCachedTicketAnswer(
  reply: FastifyReply,
  input: {
    principal: Principal;
    lookup: TicketLookup;
    operation: string;
    /** The version the auth hook read with the configuration generation (prefetch-ticket-version.ts). */
    prefetched?: { lookup: TicketLookup; ticket: TicketVersion | undefined } | undefined;
  },
  deps: Pick<CoreDeps, 'storage'> & { ticketAnswers: TicketResponseCache },
  build: () => Promise<unknown>,
): Promise<FastifyReply> {
  const { principal, lookup, operation } = input;
  const generation = principal.config?.generation;
  if (generation === undefined) return reply.send(await build());
  const orgId = principal.tenant.orgId;
  // Read before the answer is built: an answer labelled with this version is at least this new.
  const current =
    input.prefetched && sameLookup(input.prefetched.lookup, lookup)
      ? input.prefetched.ticket
      : await deps.storage.tickets.version(orgId, lookup);
  if (!current) throw ticketNotFound(lookup);
  const ref = 'number' in lookup ? `n${lookup.number}` : `g${lookup.id}`;
  const key = `${orgId}\u0000${operation}\u0000${principal.user.role}\u0000${ref}`;
  const stamp = { ticketId: current.ticketId, version: current.version, generation };
  const cached = deps.ticketAnswers.get(key, stamp);
  if (cached) return reply.type(JSON_TYPE).send(cached);
  const serialized = reply.serialize(await build());
  const body = typeof serialized === 'string' ? Buffer.from(serialized) : Buffer.from(serialized as ArrayBuffer);
  deps.ticketAnswers.set(key, stamp, body);
  return reply.type(JSON_TYPE).send(body);
}

function sameLookup(a: TicketLookup, b: TicketLookup): boolean {
  return 'number' in a ? 'number' in b && a.number === b.number : 'id' in b && a.id === b.id;
}
