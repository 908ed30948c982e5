import {
  type AddNoteBody,
  type AssignTicketBody,
  NATIVE_OPERATIONS,
  type NativeTicketListQuery,
  type NativeTicketSearchQuery,
  type NativeUpdateTicketBody,
} from '@deskwire/wire';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addActivity } from '../core/add-activity.js';
import { assignTicket } from '../core/assign-ticket.js';
import type { Principal } from '../core/authenticate.js';
import { getThread } from '../core/get-thread.js';
import { getTicket } from '../core/get-ticket.js';
import { restoreTicket } from '../core/restore-ticket.js';
import { searchTickets } from '../core/search-tickets.js';
import { parseTicketRef, ticketKey } from '../core/ticket-ref.js';
import { trashTickets } from '../core/trash-tickets.js';
import { updateTicket } from '../core/update-ticket.js';
import { ApiError } from '../errors/api-error.js';
import { nativeRoute } from '../http/native-route.js';
import { requirePrincipal } from '../http/request-context.js';
import type { NativeContext } from './native-context.js';
import { decodeListQuery } from './native-decode.js';
import { encodeAttachment, encodePage, encodeThreadEntry, encodeTicket } from './native-encode.js';

type RefParams = { orgId: string; ref: string };

/** Tickets: list, search, read, update, assign, trash, restore, thread, notes, attachments (docs/api.md). */
export function registerTicketRoutes(app: FastifyInstance, ctx: NativeContext): void {
  const { deskwire } = ctx;

  /** The ticket as /api/v1 shows it: every field and its lead, read fresh after a write. */
  const ticketBody = async (principal: Principal, ref: ReturnType<typeof parseTicketRef>) => {
    const view = await getTicket({ orgId: principal.tenant.orgId, ref, fields: principal.config?.fields }, deskwire);
    const lead = view.ticket.leadId
      ? await deskwire.storage.leads.get(principal.tenant.orgId, view.ticket.leadId)
      : undefined;
    return encodeTicket(view, lead);
  };

  app.route<{ Params: { orgId: string }; Querystring: NativeTicketListQuery }>({
    ...nativeRoute(NATIVE_OPERATIONS.listTickets),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      const query = decodeListQuery(request.query, { orgId: tenant.orgId, userId: user.id });
      return encodePage(await searchTickets(query, deskwire.storage), ticketKey);
    },
  });

  app.route<{ Params: { orgId: string }; Querystring: NativeTicketSearchQuery }>({
    ...nativeRoute(NATIVE_OPERATIONS.searchTickets),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      if (request.query.q.trim() === '') throw new ApiError('ValidationError', 'q must not be blank');
      const query = decodeListQuery(request.query, { orgId: tenant.orgId, userId: user.id });
      return encodePage(await searchTickets(query, deskwire.storage), ticketKey);
    },
  });

  app.route<{ Params: RefParams }>({
    ...nativeRoute(NATIVE_OPERATIONS.getTicket),
    handler: async (request) => ticketBody(requirePrincipal(request), parseTicketRef(request.params.ref)),
  });

  app.route<{ Params: RefParams; Body: NativeUpdateTicketBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.updateTicket),
    handler: async (request) => {
      const principal = requirePrincipal(request);
      const ref = parseTicketRef(request.params.ref);
      const { ticket } = await updateTicket(
        {
          orgId: principal.tenant.orgId,
          actor: principal.user,
          ticket: ref,
          fields: Object.entries(request.body.fields).map(([schemaName, value]) => ({ schemaName, value })),
        },
        deskwire,
      );
      return ticketBody(principal, { number: ticket.number });
    },
  });

  app.route<{ Params: RefParams; Body: AssignTicketBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.assignTicket),
    handler: async (request) => {
      const principal = requirePrincipal(request);
      const { ticket } = await assignTicket(
        {
          orgId: principal.tenant.orgId,
          actor: principal.user,
          ticket: parseTicketRef(request.params.ref),
          userId: request.body.userId,
        },
        deskwire,
      );
      return ticketBody(principal, { number: ticket.number });
    },
  });

  app.route<{ Params: RefParams }>({
    ...nativeRoute(NATIVE_OPERATIONS.trashTicket),
    handler: async (request) => {
      const { tenant } = requirePrincipal(request);
      const ref = parseTicketRef(request.params.ref);
      const ticket = await deskwire.storage.tickets.find(tenant.orgId, ref);
      const number = ticket?.number ?? ('number' in ref ? ref.number : undefined);
      const result =
        number === undefined ? undefined : await trashTickets({ orgId: tenant.orgId, numbers: [number] }, deskwire);
      if (number === undefined || result?.successful.length !== 1) {
        throw new ApiError('TicketNotFound', `Ticket '${request.params.ref.slice(0, 64)}' does not exist`);
      }
      return { number, key: ticketKey(number), trashed: true };
    },
  });

  app.route<{ Params: RefParams }>({
    ...nativeRoute(NATIVE_OPERATIONS.restoreTicket),
    handler: async (request) => {
      const { tenant } = requirePrincipal(request);
      const { number } = await restoreTicket(
        { orgId: tenant.orgId, ticket: parseTicketRef(request.params.ref) },
        deskwire,
      );
      return { number, key: ticketKey(number), trashed: false };
    },
  });

  app.route<{ Params: RefParams }>({
    ...nativeRoute(NATIVE_OPERATIONS.getThread),
    handler: async (request) => {
      const { tenant } = requirePrincipal(request);
      const { activities } = await getThread(
        { orgId: tenant.orgId, ticket: parseTicketRef(request.params.ref) },
        deskwire,
      );
      const sign = await ctx.urls.signerFor(
        request,
        activities.flatMap((a) => a.attachments),
      );
      return { entries: activities.map((activity) => encodeThreadEntry(activity, sign)) };
    },
  });

  app.route<{ Params: RefParams; Body: AddNoteBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.addNote),
    handler: async (request, reply) => {
      const { tenant, user } = requirePrincipal(request);
      const { text, html } = request.body;
      if (!text?.trim() && !html?.trim()) throw new ApiError('ValidationError', 'A note needs text or html');
      const { id, ticket } = await addActivity(
        {
          orgId: tenant.orgId,
          ticket: parseTicketRef(request.params.ref),
          type: 'InternalNote',
          text: text ?? null,
          html: html ?? null,
          createdBy: user.id,
        },
        deskwire,
      );
      return reply.code(201).send({ id, ticketNumber: ticket.number });
    },
  });

  app.route<{ Params: RefParams }>({
    ...nativeRoute(NATIVE_OPERATIONS.listAttachments),
    handler: async (request: FastifyRequest<{ Params: RefParams }>) => {
      const { tenant } = requirePrincipal(request);
      const { activities, ticketFiles } = await getThread(
        { orgId: tenant.orgId, ticket: parseTicketRef(request.params.ref) },
        deskwire,
      );
      const files = [...ticketFiles, ...activities.flatMap((a) => a.attachments)];
      const sign = await ctx.urls.signerFor(request, files);
      return { attachments: files.map((file) => encodeAttachment(file, sign)) };
    },
  });
}
