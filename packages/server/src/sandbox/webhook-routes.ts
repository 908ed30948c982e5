import {
  CreatedWebhookView,
  CreateWebhookBody,
  DeliveryListView,
  DeliveryQuery,
  RedeliverBody,
  RedeliveredView,
  WebhookListView,
  WebhookOrgParams,
  WebhookParams,
} from '@deskwire/wire';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, redeliver } from '../core/manage-webhooks.js';
import { deliveryView, webhookView } from '../http/webhook-views.js';
import { requireTenant, type SandboxContext } from './sandbox-context.js';

/** Webhook endpoints of a tenant: the same core functions as `deskwire webhook …` (docs/webhooks.md). */
export async function webhookRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/tenants/:orgId/webhooks',
    { schema: { params: WebhookOrgParams, response: { 200: WebhookListView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      return { webhooks: (await listWebhooks(orgId, ctx.deskwire)).map(webhookView) };
    },
  );

  r.post(
    '/tenants/:orgId/webhooks',
    { schema: { params: WebhookOrgParams, body: CreateWebhookBody, response: { 201: CreatedWebhookView } } },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const { url, events, description } = request.body;
      const endpoint = await createWebhook(
        { orgId, url, ...(events && { events }), ...(description !== undefined && { description }) },
        ctx.deskwire,
      );
      return reply.code(201).send({ webhook: webhookView(endpoint), secret: endpoint.secret });
    },
  );

  r.delete('/tenants/:orgId/webhooks/:webhookId', { schema: { params: WebhookParams } }, async (request, reply) => {
    const { orgId } = await requireTenant(ctx, request.params.orgId);
    await deleteWebhook({ orgId, id: request.params.webhookId }, ctx.deskwire);
    return reply.code(204).send();
  });

  r.get(
    '/tenants/:orgId/webhooks/:webhookId/deliveries',
    { schema: { params: WebhookParams, querystring: DeliveryQuery, response: { 200: DeliveryListView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const { status, limit } = request.query;
      const deliveries = await listDeliveries(
        {
          orgId,
          id: request.params.webhookId,
          ...(status !== undefined && { status }),
          ...(limit !== undefined && { limit: Number(limit) }),
        },
        ctx.deskwire,
      );
      return { deliveries: deliveries.map(deliveryView) };
    },
  );

  r.post(
    '/tenants/:orgId/webhooks/:webhookId/redeliver',
    { schema: { params: WebhookParams, body: RedeliverBody, response: { 202: RedeliveredView } } },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const { deliveryId, fromSequence, toSequence } = request.body;
      const queued = await redeliver(
        {
          orgId,
          id: request.params.webhookId,
          ...(deliveryId !== undefined && { deliveryId }),
          ...(fromSequence !== undefined && { fromSequence }),
          ...(toSequence !== undefined && { toSequence }),
        },
        ctx.deskwire,
      );
      return reply.code(202).send({ queued });
    },
  );
}
