import {
  LSQ_OPERATIONS,
  type LsqConversationFilterRequest,
  type LsqInternalNoteRequest,
  type LsqPortalActivityRequest,
} from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { addActivity } from '../../core/add-activity.js';
import { getTicket } from '../../core/get-ticket.js';
import { listConversations } from '../../core/list-conversations.js';
import { parseTicketRef } from '../../core/ticket-ref.js';
import { ApiError } from '../../errors/api-error.js';
import { sendCachedAnswer } from '../../http/cached-ticket-answer.js';
import { operationRoute } from '../../http/operation-route.js';
import { requirePrincipal } from '../../http/request-context.js';
import { toConversation } from './leadsquared-encode.js';
import type { LsqRouteContext } from './leadsquared-route-context.js';

/** Conversations (L5), internal notes (L6) and portal activities (L7). */
export function registerLsqActivityRoutes(app: FastifyInstance, ctx: LsqRouteContext): void {
  const { deskwire } = ctx;

  // L5: POST /conversation/filter — https://apidocs.leadsquared.com/get-ticket-conversations/
  // Answered from finished bytes like L4 (cached-ticket-answer.ts): conversations and files move the
  // ticket's version (migration 0016). An answer with signed URLs is kept only while a fresh one would
  // sign the same expiry (`sameUrlsUntil`), so the bytes are always those a fresh read gives.
  const ticketAnswers = app.deskwireServices.ticketAnswers;
  app.route<{ Body: LsqConversationFilterRequest }>({
    ...operationRoute(LSQ_OPERATIONS.getTicketConversations),
    handler: async (request, reply) => {
      const principal = requirePrincipal(request);
      const { tenant } = principal;
      const body = request.body;
      if (body.OrgId !== tenant.orgId) {
        throw new ApiError('ValidationError', `OrgId ${body.OrgId} does not match the account in the URL`);
      }
      const lookup = { number: body.TicketId };
      return sendCachedAnswer(
        reply,
        {
          principal,
          lookup,
          operation: LSQ_OPERATIONS.getTicketConversations.name,
          variant: `${JSON.stringify(body.ActivityType)}\u0000${ctx.baseUrl(request)}`,
        },
        { storage: deskwire.storage, now: deskwire.now, ticketAnswers },
        async () => {
          const signedAt = deskwire.now().getTime();
          const result = await listConversations(
            { orgId: tenant.orgId, ticketNumber: body.TicketId, types: body.ActivityType },
            deskwire,
          );
          const files = result.conversations.flatMap((c) => c.attachments);
          const sign = await ctx.signerFor(request, files);
          const list = result.conversations.map((c) => toConversation(c, sign, ctx.ttlMinutes));
          return {
            answer: { Total: list.length, Conversations: null, ConversationList: list },
            until: files.length === 0 ? undefined : urlsBound(ctx.sameUrlsUntil(signedAt), deskwire.now().getTime()),
          };
        },
      );
    },
  });

  // L6: POST /internalnote/upload — https://apidocs.leadsquared.com/post-an-internal-note-on-a-ticket-2/
  app.route<{ Body: LsqInternalNoteRequest }>({
    ...operationRoute(LSQ_OPERATIONS.postInternalNote),
    handler: async (request) => {
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
  });

  // L7: POST /ticket/{ticketId}/portal/activity (singular `ticket`) — https://apidocs.leadsquared.com/?p=5010
  // A customer-side action: it is recorded as a PortalInbound conversation by the ticket's lead.
  app.route<{ Params: { ticketRef: string }; Body: LsqPortalActivityRequest }>({
    ...operationRoute(LSQ_OPERATIONS.addPortalActivity),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      const ref = parseTicketRef(request.params.ticketRef);
      const { ticket } = await getTicket({ orgId: tenant.orgId, ref }, deskwire);
      const { id } = await addActivity(
        {
          orgId: tenant.orgId,
          ticket: { id: ticket.id },
          type: 'PortalInbound',
          text: request.body.Text,
          createdBy: ticket.leadId ?? user.id,
        },
        deskwire,
      );
      return { Id: String(id), Status: 'Success', Message: null };
    },
  });
}

/**
 * How long an answer with signed URLs may be kept: until its URLs' expiry would change, or not at all
 * when the store pre-signs or that instant passed while the answer was built (it read the clock once).
 */
function urlsBound(until: number | undefined, now: number): number | null {
  return until === undefined || now >= until ? null : until;
}
