import type { FastifyReply } from 'fastify';
import type { Principal } from '../core/authenticate.js';
import type { CoreDeps } from '../core/deps.js';
import type { TicketLookup } from '../core/domain.js';
import { ticketNotFound } from '../core/get-ticket.js';
import type { TicketVersion } from '../core/store.js';
import type { TicketAnswerStamp, TicketResponseCache } from './ticket-response-cache.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** A freshly built answer, and how long its bytes stay right beside the ticket's version. */
export interface BuiltAnswer {
  answer: unknown;
  /**
   * `undefined`: while the ticket and configuration are unchanged. A number (ms since the epoch): only
   * before that instant (it holds signed URLs, whose expiry moves with the clock). `null`: never keep it.
   */
  until?: number | null | undefined;
}

export interface CachedAnswerInput {
  principal: Principal;
  lookup: TicketLookup;
  /** The answer's shape (dialect and operation): one ticket has one entry per shape and caller role. */
  operation: string;
  /** What else the answer depends on in the request (filters, base URL); part of the key as is. */
  variant?: string;
  /** The version the auth hook read with the configuration generation (prefetch-ticket-version.ts). */
  prefetched?: { lookup: TicketLookup; ticket: TicketVersion | undefined } | undefined;
}

type Deps = Pick<CoreDeps, 'storage' | 'now'> & { ticketAnswers: TicketResponseCache };

/**
 * Answers a one-ticket read from finished bytes when the ticket and the tenant's configuration are
 * unchanged since they were made (ticket-response-cache.ts); otherwise builds the answer with `build`,
 * serializes it with the route's own serializer (so cached and fresh bytes are identical) and keeps
 * it. A principal without a configuration snapshot is answered uncached.
 */
export async function sendCachedTicketAnswer(
  reply: FastifyReply,
  input: CachedAnswerInput,
  deps: Deps,
  build: () => Promise<unknown>,
): Promise<FastifyReply> {
  return sendCachedAnswer(reply, input, deps, async () => ({ answer: await build() }));
}

/** As `sendCachedTicketAnswer`, for answers that may be time-bound or not to be kept (`BuiltAnswer`). */
export async function sendCachedAnswer(
  reply: FastifyReply,
  input: CachedAnswerInput,
  deps: Deps,
  build: () => Promise<BuiltAnswer>,
): Promise<FastifyReply> {
  const { principal, lookup, operation } = input;
  const generation = principal.config?.generation;
  if (generation === undefined) return reply.send((await build()).answer);
  const orgId = principal.tenant.orgId;
  // Read before the answer is built: an answer labelled with this version is at least this new.
  const current =
    input.prefetched && sameLookup(input.prefetched.lookup, lookup)
      ? input.prefetched.ticket
      : await deps.storage.tickets.version(orgId, lookup);
  if (!current) throw ticketNotFound(lookup);
  const ref = 'number' in lookup ? `n${lookup.number}` : `g${lookup.id}`;
  const key = `${orgId}\u0000${operation}\u0000${principal.user.role}\u0000${ref}\u0000${input.variant ?? ''}`;
  return serve(reply, key, { ticketId: current.ticketId, version: current.version, generation }, deps, build);
}

/**
 * As `sendCachedAnswer`, for an answer made from several tickets by number (K3): the versions of all
 * of them are read in one statement, and the entry is served only while every one is unchanged and
 * none has appeared or gone (the stamp's `ticketId` lists each number's ticket id and version).
 */
export async function sendCachedTicketsAnswer(
  reply: FastifyReply,
  input: Omit<CachedAnswerInput, 'lookup' | 'prefetched'> & { numbers: readonly number[] },
  deps: Deps,
  build: () => Promise<BuiltAnswer>,
): Promise<FastifyReply> {
  const { principal, numbers, operation } = input;
  const generation = principal.config?.generation;
  if (generation === undefined) return reply.send((await build()).answer);
  const orgId = principal.tenant.orgId;
  // Read before the answer is built, as for one ticket.
  const versions = await deps.storage.tickets.versionsMany(orgId, numbers);
  const madeFrom = numbers
    .map((number) => {
      const v = versions.get(number);
      return v ? `${v.ticketId}@${v.version}` : '-';
    })
    .join(',');
  const key = `${orgId}\u0000${operation}\u0000${principal.user.role}\u0000${numbers.join(',')}\u0000${input.variant ?? ''}`;
  return serve(reply, key, { ticketId: madeFrom, version: 0, generation }, deps, build);
}

async function serve(
  reply: FastifyReply,
  key: string,
  stamp: TicketAnswerStamp,
  deps: Deps,
  build: () => Promise<BuiltAnswer>,
): Promise<FastifyReply> {
  const cached = deps.ticketAnswers.get(key, stamp, deps.now().getTime());
  if (cached) return reply.type(JSON_TYPE).send(cached);
  const madeAt = deps.now().getTime();
  const built = await build();
  const serialized = reply.serialize(built.answer);
  const body = ownBytes(
    typeof serialized === 'string' ? Buffer.from(serialized) : Buffer.from(serialized as ArrayBuffer),
  );
  if (built.until !== null) deps.ticketAnswers.set(key, stamp, body, built.until, madeAt);
  return reply.type(JSON_TYPE).send(body);
}

/**
 * The answer in memory of its own. `Buffer.from` of a short string is a slice of Node's shared 8 KiB pool, and
 * a cached slice would keep its whole slab alive: 20,000 small answers could hold ~160 MB while the cache
 * counts a few (its bound counts `length`). A copy outside the pool costs what it counts.
 */
function ownBytes(bytes: Buffer): Buffer {
  if (bytes.byteLength === bytes.buffer.byteLength) return bytes;
  const own = Buffer.allocUnsafeSlow(bytes.byteLength);
  bytes.copy(own);
  return own;
}

function sameLookup(a: TicketLookup, b: TicketLookup): boolean {
  return 'number' in a ? 'number' in b && a.number === b.number : 'id' in b && a.id === b.id;
}
