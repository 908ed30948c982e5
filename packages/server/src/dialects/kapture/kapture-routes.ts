import { KAP_MESSAGES, KAP_OPERATIONS } from '@deskwire/wire';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  getKaptureTickets,
  getKaptureTicketsById,
  type KaptureTicket,
  pullKaptureTickets,
} from '../../core/kapture/read-tickets.js';
import { createKaptureTicket, updateKaptureTicket } from '../../core/kapture/write-tickets.js';
import type { Deskwire } from '../../deskwire.js';
import { ApiError } from '../../errors/api-error.js';
import { requirePrincipal } from '../../http/request-context.js';
import type { ResolvedServerOptions } from '../../http/server-options.js';
import { signedUrls } from '../../http/signed-urls.js';
import { decodeAddTicket, decodeGetTickets, decodePullTickets, decodeUpdateTicket } from './kapture-decode.js';
import { activityTypesFor, toTaskDetails, toTicketRecord, toTicketSummary } from './kapture-encode.js';
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

  // K3
  serveKapOperation(app, KAP_OPERATIONS.getTickets, async (request) => {
    const { ticketIds, readOptions } = decodeGetTickets(request.body);
    const principal = requirePrincipal(request);
    const loaded = await getKaptureTicketsById(
      {
        orgId: principal.tenant.orgId,
        ticketIds,
        activityTypes: activityTypesFor(readOptions),
        config: principal.config,
      },
      deskwire,
    );
    const context = await readContext(request, loaded);
    return loaded.tickets.map((t) => toTicketRecord(t, context, readOptions));
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
