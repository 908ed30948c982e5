import {
  OrgParams,
  SeedConversationBody,
  SeededConversationView,
  SeededTicketView,
  SeedTicketBody,
  TicketParams,
} from '@deskwire/wire/sandbox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { addActivity } from '../core/add-activity.js';
import { conversationAuthor } from '../core/conversation-author.js';
import { createTicket } from '../core/create-ticket.js';
import type { TriggerFlags, User } from '../core/domain.js';
import { ticketNotFound } from '../core/get-ticket.js';
import type { LeadInput } from '../core/resolve-lead.js';
import { parseTicketRef } from '../core/ticket-ref.js';
import { ApiError } from '../errors/api-error.js';
import { requireTenant, type SandboxContext } from './sandbox-context.js';
import { seedBodyLimit, storeSeedFiles } from './seed-files.js';

/**
 * Seeding tickets and conversations, with attachments as base64. The writes go through the same
 * core functions as the vendor create endpoint and `deskwire conversation add`, so every field is
 * validated against the tenant's configuration exactly as a real create would be.
 */
export async function ticketRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { deskwire } = ctx;
  const bodyLimit = seedBodyLimit(ctx.limits);

  r.post(
    '/tenants/:orgId/tickets',
    { bodyLimit, schema: { params: OrgParams, body: SeedTicketBody, response: { 201: SeededTicketView } } },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const body = request.body;
      const actor = await actorOf(ctx, orgId, body.createdBy);
      // Stored first, attached inside createTicket's transaction; it removes them again on failure.
      const files = await storeSeedFiles(body.attachments, ctx.limits, deskwire);
      const { ticket, key } = await createTicket(
        {
          orgId,
          actor,
          typeId: body.typeId ?? 1,
          lead: toLeadInput(body.lead),
          fields: Object.entries(body.fields).map(([schemaName, value]) => ({ schemaName, value })),
          flags: toFlags(body.flags),
          files,
          ...(body.creationType !== undefined && { creationType: body.creationType }),
        },
        deskwire,
      );
      return reply
        .code(201)
        .send({ id: ticket.id, number: ticket.number, key, leadId: ticket.leadId, attachments: files.length });
    },
  );

  r.post(
    '/tenants/:orgId/tickets/:ticketRef/conversations',
    {
      bodyLimit,
      schema: { params: TicketParams, body: SeedConversationBody, response: { 201: SeededConversationView } },
    },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const body = request.body;
      const ref = parseTicketRef(request.params.ticketRef);
      const ticket = await deskwire.storage.tickets.find(orgId, ref);
      if (!ticket) throw ticketNotFound(ref);
      if (!body.html && !body.text) throw new ApiError('ValidationError', 'A conversation needs html or text');
      const files = await storeSeedFiles(body.attachments, ctx.limits, deskwire);
      const { id } = await addActivity(
        {
          orgId,
          ticket: { id: ticket.id },
          type: body.type,
          html: body.html ?? null,
          text: body.text ?? null,
          createdBy: body.createdBy ?? conversationAuthor(body.type, ticket),
          files,
        },
        deskwire,
      );
      return reply.code(201).send({ id, ticketId: ticket.id, ticketNumber: ticket.number, attachments: files.length });
    },
  );
}

/** The named user, or the tenant's first Admin (every tenant is created with one). */
async function actorOf(ctx: SandboxContext, orgId: number, userId: string | undefined): Promise<User> {
  if (userId) {
    const user = await ctx.deskwire.storage.users.get(orgId, userId.toLowerCase());
    if (!user) throw new ApiError('ValidationError', `createdBy '${userId}' is not a user of tenant ${orgId}`);
    return user;
  }
  const users = await ctx.deskwire.storage.users.list(orgId);
  const admin = users.find((u) => u.role === 'Admin') ?? users[0];
  if (!admin) throw new ApiError('ValidationError', `tenant ${orgId} has no user to create tickets as`);
  return admin;
}

function toLeadInput(lead: SeedTicketBody['lead']): LeadInput {
  if ('id' in lead) return { id: lead.id };
  const details: Record<string, string | null> = { ...lead.attributes };
  if (lead.email !== undefined) details.EmailAddress = lead.email;
  if (lead.phone !== undefined) details.Phone = lead.phone;
  if (lead.firstName !== undefined) details.FirstName = lead.firstName;
  if (lead.lastName !== undefined) details.LastName = lead.lastName;
  return { details };
}

function toFlags(flags: SeedTicketBody['flags']): Partial<TriggerFlags> {
  return {
    ...(flags?.triggerSla !== undefined && { TriggerSLA: flags.triggerSla }),
    ...(flags?.triggerAssignmentRule !== undefined && { TriggerAssignmentRule: flags.triggerAssignmentRule }),
    ...(flags?.triggerAutomation !== undefined && { TriggerAutomation: flags.triggerAutomation }),
    ...(flags?.triggerNotification !== undefined && { TriggerNotification: flags.triggerNotification }),
  };
}
