import {
  LSQ_OPERATIONS,
  LsqCreateTicketRequest,
  type LsqGetTicketQuery,
  type LsqTrashRequest,
  LsqUpdateTicketRequest,
} from '@deskwire/wire';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../core/authorize.js';
import { createTicket } from '../../core/create-ticket.js';
import { discardFiles } from '../../core/discard-files.js';
import { getTicket } from '../../core/get-ticket.js';
import { parseTicketRef } from '../../core/ticket-ref.js';
import { trashTickets } from '../../core/trash-tickets.js';
import { updateTicket } from '../../core/update-ticket.js';
import { ApiError } from '../../errors/api-error.js';
import { validator } from '../../http/body-validator.js';
import { sendCachedTicketAnswer } from '../../http/cached-ticket-answer.js';
import { operationRoute } from '../../http/operation-route.js';
import { requirePrincipal } from '../../http/request-context.js';
import { toCreateTicketInput, toUpdateTicketInput } from './leadsquared-decode.js';
import { toCreateResponse, toGetTicketResponse, toUpdateResponse } from './leadsquared-encode.js';
import { readTicketForm, type TicketForm } from './leadsquared-multipart.js';
import type { LsqRouteContext } from './leadsquared-route-context.js';

const checkCreateDto = validator(LsqCreateTicketRequest);
const checkUpdateDto = validator(LsqUpdateTicketRequest);

/** Create (L1/L2), update (L3), read (L4) and trash (L8). */
export function registerLsqTicketRoutes(app: FastifyInstance, { deskwire, options }: LsqRouteContext): void {
  /** The body of a create or update: multipart (`ticketDTO` + `files`) or plain JSON. */
  const readForm = async (request: FastifyRequest): Promise<TicketForm & { where: string }> =>
    request.isMultipart()
      ? { ...(await readTicketForm(request, deskwire, options.limits.fileBytes)), where: 'ticketDTO' }
      : { dto: request.body, files: [], where: 'body' };

  /** Maps the form to core input; on a mapping error the request's stored files are discarded. */
  const mapForm = async <T>(form: TicketForm, map: () => T): Promise<T> => {
    try {
      return map();
    } catch (error) {
      await discardFiles(form.files, deskwire);
      throw error;
    }
  };

  // L1 (JSON) and L2 (multipart): POST /tickets — https://apidocs.leadsquared.com/create-tickets/
  app.route({
    ...operationRoute(LSQ_OPERATIONS.createTicket, { checkBody: false }),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      const form = await readForm(request);
      const input = await mapForm(form, () =>
        toCreateTicketInput(checkCreateDto(form.dto, form.where), { orgId: tenant.orgId, actor: user }),
      );
      const created = await createTicket({ ...input, files: form.files }, deskwire);
      return toCreateResponse(created, request.isMultipart() ? 'multipart' : 'json');
    },
  });

  // L3: PUT /tickets/{ticketId}/update, multipart (JSON accepted too) — only the sent fields change.
  // https://apidocs.leadsquared.com/update-a-ticket-with-attachments/
  app.route<{ Params: { ticketRef: string } }>({
    ...operationRoute(LSQ_OPERATIONS.updateTicket, { checkBody: false }),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      const ref = parseTicketRef(request.params.ticketRef);
      // A GUID in the URL: its number is what the DTO's `Id` must repeat.
      const number =
        'number' in ref ? ref.number : (await getTicket({ orgId: tenant.orgId, ref }, deskwire)).ticket.number;
      const form = await readForm(request);
      const input = await mapForm(form, () =>
        toUpdateTicketInput(checkUpdateDto(form.dto, form.where), {
          orgId: tenant.orgId,
          actor: user,
          ticketNumber: number,
        }),
      );
      return toUpdateResponse(await updateTicket({ ...input, files: form.files }, deskwire));
    },
  });

  // L4: GET /tickets/{id} (number, #key or GUID) and GET /tickets?TicketId=… (the docs' URL has no segment).
  // Answered from finished bytes while the ticket's version and the tenant's configuration are unchanged.
  const ticketAnswers = app.deskwireServices.ticketAnswers;
  const readTicket = async (request: FastifyRequest, reply: FastifyReply, ref: string | undefined) => {
    const principal = requirePrincipal(request);
    if (!ref) {
      throw new ApiError('ValidationError', 'A ticket id is required: /tickets/{TicketId} or /tickets?TicketId=');
    }
    const lookup = parseTicketRef(ref);
    return sendCachedTicketAnswer(
      reply,
      { principal, lookup, operation: LSQ_OPERATIONS.getTicket.name, prefetched: request.ticketVersion },
      { storage: deskwire.storage, now: deskwire.now, ticketAnswers },
      async () => {
        const view = await getTicket(
          { orgId: principal.tenant.orgId, ref: lookup, fields: principal.config?.fields },
          deskwire,
        );
        return toGetTicketResponse(view, principal.user.role);
      },
    );
  };
  const byPath = operationRoute(LSQ_OPERATIONS.getTicket);
  app.route<{ Params: { ticketRef: string } }>({
    ...byPath,
    config: { ...byPath.config, ticketRef: (request) => (request.params as { ticketRef?: string }).ticketRef },
    handler: (request, reply) => readTicket(request, reply, request.params.ticketRef),
  });
  const byQuery = operationRoute(LSQ_OPERATIONS.getTicket, { alternate: 0 });
  app.route<{ Querystring: LsqGetTicketQuery }>({
    ...byQuery,
    config: { ...byQuery.config, ticketRef: (request) => (request.query as { TicketId?: string }).TicketId },
    handler: (request, reply) => readTicket(request, reply, request.query.TicketId),
  });

  // L8: PUT /tickets/trash (Admin only) — https://apidocs.leadsquared.com/delete-tickets
  app.route<{ Body: LsqTrashRequest }>({
    ...operationRoute(LSQ_OPERATIONS.trashTickets),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      requireAdmin(user, 'Deleting tickets');
      const numbers = [...new Set(request.body.TicketIds.map(Number))];
      const result = await trashTickets({ orgId: tenant.orgId, numbers }, deskwire);
      return { SuccessfulIds: result.successful, FailedIds: result.failed };
    },
  });
}
