import {
  LsqConversationFilterRequest,
  LsqConversationFilterResponse,
  LsqCreateTicketRequest,
  LsqGetTicketQuery,
  LsqGetTicketResponse,
  LsqInternalNoteRequest,
  LsqInternalNoteResponse,
  LsqTicketWriteResponse,
} from '@deskwire/wire';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addActivity } from '../../core/add-activity.js';
import { createTicket } from '../../core/create-ticket.js';
import { discardFiles } from '../../core/discard-files.js';
import { getTicket } from '../../core/get-ticket.js';
import { listConversations } from '../../core/list-conversations.js';
import { parseTicketRef } from '../../core/ticket-ref.js';
import type { Deskwire } from '../../deskwire.js';
import { ApiError } from '../../errors/api-error.js';
import type { ResolvedServerOptions } from '../../http/build-app.js';
import { downloadPath } from '../../http/download-route.js';
import { requirePrincipal } from '../../http/request-context.js';
import { installLsqAuth } from './leadsquared-auth.js';
import { installLsqErrorHandler } from './leadsquared-errors.js';
import { toConversation, toCreateResponse, toCreateTicketInput, toGetTicketResponse } from './leadsquared-mapper.js';
import { readTicketForm } from './leadsquared-multipart.js';
import { installLsqRateLimit } from './leadsquared-rate-limit.js';
import { validator } from './leadsquared-validate.js';

const checkCreateDto = validator(LsqCreateTicketRequest);

/**
 * The LeadSquared Service CRM ticket API under `/api/tenants/:orgId` (vendor-apis.md §1).
 * Each route decodes, calls one core function and encodes; no business rule lives here.
 */
export async function leadSquaredRoutes(
  app: FastifyInstance,
  opts: { deskwire: Deskwire; options: ResolvedServerOptions },
): Promise<void> {
  const { deskwire, options } = opts;
  installLsqErrorHandler(app);
  installLsqAuth(app, deskwire);
  await installLsqRateLimit(app);
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: options.limits.fileBytes,
      files: options.limits.files,
      fields: 5,
      fieldSize: options.limits.bodyBytes,
      parts: options.limits.files + 5,
    },
  });

  const ttlMinutes = Math.max(1, Math.round(options.downloadUrlTtlSeconds / 60));
  const signerFor = (request: FastifyRequest) => {
    const base = options.publicUrl ?? `${request.protocol}://${request.host}`;
    const expiresAt = new Date(deskwire.now().getTime() + options.downloadUrlTtlSeconds * 1000);
    return (a: { id: string; fileName: string }) => {
      const path = downloadPath(a.id, a.fileName);
      return `${base}${path}?${deskwire.signer.sign(path, expiresAt)}`;
    };
  };

  // L1 (JSON) and L2 (multipart): POST /tickets — https://apidocs.leadsquared.com/create-tickets/
  app.post(
    '/tickets',
    { config: { operation: 'lsq.createTicket' }, schema: { response: { 200: LsqTicketWriteResponse } } },
    async (request) => {
      const principal = requirePrincipal(request);
      const multipart = request.isMultipart();
      const form = multipart ? await readTicketForm(request, deskwire) : { dto: request.body, files: [] };
      let input: ReturnType<typeof toCreateTicketInput>;
      try {
        const dto = checkCreateDto(form.dto, multipart ? 'ticketDTO' : 'body');
        input = toCreateTicketInput(dto, { orgId: principal.tenant.orgId, actor: principal.user });
      } catch (error) {
        await discardFiles(form.files, deskwire);
        throw error;
      }
      return toCreateResponse(await createTicket({ ...input, files: form.files }, deskwire));
    },
  );

  // L4: GET /tickets/{id} (number, #key or GUID) and GET /tickets?TicketId=… (the docs' URL has no segment).
  const readTicket = async (request: FastifyRequest, ref: string | undefined) => {
    const principal = requirePrincipal(request);
    if (!ref)
      throw new ApiError('ValidationError', 'A ticket id is required: /tickets/{TicketId} or /tickets?TicketId=');
    const view = await getTicket({ orgId: principal.tenant.orgId, ref: parseTicketRef(ref) }, deskwire);
    return toGetTicketResponse(view, principal.user.role);
  };
  app.get<{ Params: { orgId: string; ticketRef: string } }>(
    '/tickets/:ticketRef',
    { config: { operation: 'lsq.getTicket' }, schema: { response: { 200: LsqGetTicketResponse } } },
    (request) => readTicket(request, request.params.ticketRef),
  );
  app.get<{ Querystring: LsqGetTicketQuery }>(
    '/tickets',
    {
      config: { operation: 'lsq.getTicket' },
      schema: { querystring: LsqGetTicketQuery, response: { 200: LsqGetTicketResponse } },
    },
    (request) => readTicket(request, request.query.TicketId),
  );

  // L5: POST /conversation/filter — https://apidocs.leadsquared.com/get-ticket-conversations/
  app.post<{ Body: LsqConversationFilterRequest }>(
    '/conversation/filter',
    {
      config: { operation: 'lsq.listConversations' },
      schema: { body: LsqConversationFilterRequest, response: { 200: LsqConversationFilterResponse } },
    },
    async (request) => {
      const { tenant } = requirePrincipal(request);
      const body = request.body;
      if (body.OrgId !== tenant.orgId) {
        throw new ApiError('ValidationError', `OrgId ${body.OrgId} does not match the account in the URL`);
      }
      const result = await listConversations(
        { orgId: tenant.orgId, ticketNumber: body.TicketId, types: body.ActivityType },
        deskwire,
      );
      const sign = signerFor(request);
      const list = result.conversations.map((c) => toConversation(c, sign, ttlMinutes));
      return { Total: list.length, Conversations: null, ConversationList: list };
    },
  );

  // L6: POST /internalnote/upload — https://apidocs.leadsquared.com/post-an-internal-note-on-a-ticket-2/
  app.post<{ Body: LsqInternalNoteRequest }>(
    '/internalnote/upload',
    {
      config: { operation: 'lsq.addInternalNote' },
      schema: { body: LsqInternalNoteRequest, response: { 200: LsqInternalNoteResponse } },
    },
    async (request) => {
      const { tenant, user } = requirePrincipal(request);
      const { ticket } = await addActivity(
        {
          orgId: tenant.orgId,
          ticket: { number: request.body.RelatedTicketId },
          type: 'InternalNote',
          text: request.body.TextPart,
          createdBy: user.id,
        },
        deskwire,
      );
      return {
        Message: 'Activity Created',
        RelatedTicketId: String(ticket.number),
        RelatedOrgId: String(tenant.orgId),
        RelatedChannelMonitoringRequestId: 0,
      };
    },
  );
}
