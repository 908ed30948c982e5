import { KAP_MESSAGES, KAP_OPERATIONS } from '@deskwire/wire';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  getKaptureTickets,
  type KaptureTicket,
  kaptureTicketNumbers,
  pullKaptureTickets,
} from '../../core/kapture/read-tickets.js';
import { createKaptureTicket, updateKaptureTicket } from '../../core/kapture/write-tickets.js';
import type { Deskwire } from '../../deskwire.js';
import { ApiError } from '../../errors/api-error.js';
import { sendCachedTicketsAnswer } from '../../http/cached-ticket-answer.js';
import { requirePrincipal } from '../../http/request-context.js';
import type { ResolvedServerOptions } from '../../http/server-options.js';
import { type SignedUrls, signedUrls } from '../../http/signed-urls.js';
import { decodeAddTicket, decodeGetTickets, decodePullTickets, decodeUpdateTicket } from './kapture-decode.js';
import { activityTypesFor, slaTurnsAt, toTaskDetails, toTicketRecord, toTicketSummary } from './kapture-encode.js';
import type { KapReadContext } from './kapture-read-context.js';
import { refuseOtherMethods, serveKapOperation } from './kapture-serve.js';

/** K1–K4 (docs/kapture-api.md): each route decodes the body, calls the core, and encodes. */
export function registerKaptureRoutes(app: FastifyInstance, deskwire: Deskwire, options: ResolvedServerOptions): void {
  const urls = signedUrls(deskwire, options);

  const readContext = async (
    request: FastifyRequest,
    loaded: Pick<KapReadContext, 'settings' | 'users'> & { tickets: readonly KaptureTicket[] },
  ): Promise<KapReadContext> => ({
    ...loaded,
    tenantName: requirePrincipal(request).tenant.name,
    baseUrl: urls.baseUrl(request),
    sign: await urls.signerFor(
      request,
      loaded.tickets.flatMap((t) => [...t.files, ...t.activities.flatMap((a) => a.attachments)]),
    ),
    now: deskwire.now(),
  });

  /** One ticket, freshly read, as the `ticket` object of K1/K2. */
  const summary = async (request: FastifyRequest, number: number) => {
    const principal = requirePrincipal(request);
    const loaded = await getKaptureTickets(
      { orgId: principal.tenant.orgId, numbers: [number], config: principal.config },
      deskwire,
    );
    const ticket = loaded.tickets[0];
    if (!ticket) throw new ApiError('TicketNotFound', KAP_MESSAGES.noDataFound);
    return toTicketSummary(ticket, await readContext(request, loaded));
  };

  /** The caller, as the write decoders take it. */
  const caller = (request: FastifyRequest) => {
    const { tenant, user } = requirePrincipal(request);
    return { orgId: tenant.orgId, actor: user };
  };

  for (const operation of [
    KAP_OPERATIONS.addTicket,
    KAP_OPERATIONS.updateTicket,
    KAP_OPERATIONS.getTickets,
    KAP_OPERATIONS.pullTickets,
  ]) {
    refuseOtherMethods(app, operation);
  }

  // K3: answered from finished bytes while every named ticket (its row, values, history, conversations,
  // files, Kapture state and lead: migrations 0014 and 0016) and the tenant's configuration are unchanged,
  // and the clock would not change them: signed file URLs (`sameUrlsUntil`) and an SLA still running.
  const ticketAnswers = app.deskwireServices.ticketAnswers;
  serveKapOperation(app, KAP_OPERATIONS.getTickets, async (request, reply) => {
    const { ticketIds, readOptions } = decodeGetTickets(request.body);
    const principal = requirePrincipal(request);
    const query = { orgId: principal.tenant.orgId, ticketIds, config: principal.config };
    const numbers = await kaptureTicketNumbers(query, deskwire);
    return sendCachedTicketsAnswer(
      reply,
      {
        principal,
        numbers,
        operation: KAP_OPERATIONS.getTickets.name,
        variant: `${JSON.stringify(readOptions)}\u0000${urls.baseUrl(request)}`,
      },
      { storage: deskwire.storage, now: deskwire.now, ticketAnswers },
      async () => {
        const startedAt = deskwire.now().getTime();
        const loaded = await getKaptureTickets(
          { ...query, numbers, activityTypes: activityTypesFor(readOptions) },
          deskwire,
        );
        const context = await readContext(request, loaded);
        const answer = loaded.tickets.map((t) => toTicketRecord(t, context, readOptions));
        return { answer, until: clockBound(loaded.tickets, context, urls, startedAt, deskwire.now().getTime()) };
      },
    );
  });

  // K1
  serveKapOperation(app, KAP_OPERATIONS.addTicket, async (request) => {
    const { number } = await createKaptureTicket(decodeAddTicket(request.body, caller(request)), deskwire);
    const ticket = await summary(request, number);
    return { ticket, ticket_id: ticket.ticketId, message: 'Ticket created successfully', status: 'success' as const };
  });

  // K2
  serveKapOperation(app, KAP_OPERATIONS.updateTicket, async (request) => {
    const { number } = await updateKaptureTicket(decodeUpdateTicket(request.body, caller(request)), deskwire);
    return {
      ticket: await summary(request, number),
      message: 'Ticket updated successfully',
      status: 'success' as const,
    };
  });

  // K4
  serveKapOperation(app, KAP_OPERATIONS.pullTickets, async (request) => {
    const pulled = await pullKaptureTickets(
      decodePullTickets(request.body, requirePrincipal(request).tenant.orgId),
      deskwire,
    );
    const context = await readContext(request, pulled);
    return {
      totalCount: pulled.total,
      message: pulled.tickets.map((t) => toTaskDetails(t, context)),
      status: 'success' as const,
    };
  });
}

/**
 * Until when a K3 answer built with `ctx` between `startedAt` and `endedAt` stays what a fresh read
 * would give (ms since the epoch), or `null` when it must not be kept: the earliest of its signed URLs'
 * expiry turning (`null` when the store pre-signs, or it turned while the answer was built) and an open
 * ticket's SLA running out.
 */
function clockBound(
  tickets: readonly KaptureTicket[],
  ctx: KapReadContext,
  urls: SignedUrls,
  startedAt: number,
  endedAt: number,
): number | null | undefined {
  let until: number | undefined;
  const signs = tickets.some((t) => t.files.length > 0 || t.activities.some((a) => a.attachments.length > 0));
  if (signs) {
    const same = urls.sameUrlsUntil(startedAt);
    if (same === undefined || endedAt >= same) return null;
    until = same;
  }
  for (const t of tickets) {
    const turns = slaTurnsAt(t, ctx);
    if (turns !== undefined && (until === undefined || turns < until)) until = turns;
  }
  return until;
}
