import {
  type CreateWebhookBody,
  EVENT_OPERATIONS,
  type RedeliverBody,
  routerPath,
  type UpdateWebhookBody,
} from '@deskwire/wire';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../core/authenticate.js';
import type { CoreDeps } from '../core/deps.js';
import type { DeliveryStatus } from '../core/event-log.js';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  requireWebhook,
  updateWebhook,
} from '../core/manage-webhooks.js';
import { ApiError } from '../errors/api-error.js';
import { requirePrincipal } from '../http/request-context.js';
import { deliveryView, webhookView } from '../http/webhook-views.js';
import { refuseUnknown } from './strict-input.js';

/** Webhooks are the tenant's configuration: Admin users only. */
function requireAdmin(request: FastifyRequest): Principal {
  const principal = requirePrincipal(request);
  if (principal.user.role !== 'Admin') throw new ApiError('Forbidden', 'Only Admin users can manage webhooks');
  return principal;
}

type Params = { orgId: string; webhookId: string };

/** `/api/v1/tenants/{orgId}/webhooks…`: the endpoints of EVENT_OPERATIONS that manage webhooks. */
export function webhookRoutes(app: FastifyInstance, deps: CoreDeps): void {
  const ops = EVENT_OPERATIONS;
  const route = (op: { name: string; path: string }) => ({ url: routerPath(op.path), config: { operation: op.name } });

  app.get(route(ops.listWebhooks).url, { config: route(ops.listWebhooks).config }, async (request) => {
    const { tenant } = requireAdmin(request);
    return { webhooks: (await listWebhooks(tenant.orgId, deps)).map(webhookView) };
  });

  app.post<{ Body: CreateWebhookBody }>(
    route(ops.createWebhook).url,
    {
      config: route(ops.createWebhook).config,
      schema: { body: ops.createWebhook.body },
      preValidation: refuseUnknown(ops.createWebhook.body, 'body'),
    },
    async (request, reply) => {
      const { tenant } = requireAdmin(request);
      const endpoint = await createWebhook(
        {
          orgId: tenant.orgId,
          url: request.body.url,
          ...(request.body.events && { events: request.body.events }),
          ...(request.body.description !== undefined && { description: request.body.description }),
        },
        deps,
      );
      return reply.code(201).send({ webhook: webhookView(endpoint), secret: endpoint.secret });
    },
  );

  app.get<{ Params: Params }>(route(ops.getWebhook).url, { config: route(ops.getWebhook).config }, async (request) => {
    const { tenant } = requireAdmin(request);
    return webhookView(await requireWebhook(tenant.orgId, request.params.webhookId, deps));
  });

  app.patch<{ Params: Params; Body: UpdateWebhookBody }>(
    route(ops.updateWebhook).url,
    {
      config: route(ops.updateWebhook).config,
      schema: { body: ops.updateWebhook.body },
      preValidation: refuseUnknown(ops.updateWebhook.body, 'body'),
    },
    async (request) => {
      const { tenant } = requireAdmin(request);
      const endpoint = await updateWebhook(
        {
          orgId: tenant.orgId,
          id: request.params.webhookId,
          ...(request.body.enabled !== undefined && { enabled: request.body.enabled }),
          ...(request.body.events !== undefined && { events: request.body.events }),
        },
        deps,
      );
      return webhookView(endpoint);
    },
  );

  app.delete<{ Params: Params }>(
    route(ops.deleteWebhook).url,
    { config: route(ops.deleteWebhook).config },
    async (request, reply) => {
      const { tenant } = requireAdmin(request);
      await deleteWebhook({ orgId: tenant.orgId, id: request.params.webhookId }, deps);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: Params; Querystring: { status?: DeliveryStatus; limit?: string } }>(
    route(ops.listDeliveries).url,
    {
      config: route(ops.listDeliveries).config,
      schema: { querystring: ops.listDeliveries.query },
      preValidation: refuseUnknown(ops.listDeliveries.query, 'query'),
    },
    async (request) => {
      const { tenant } = requireAdmin(request);
      const deliveries = await listDeliveries(
        {
          orgId: tenant.orgId,
          id: request.params.webhookId,
          ...(request.query.status !== undefined && { status: request.query.status }),
          ...(request.query.limit !== undefined && { limit: Number(request.query.limit) }),
        },
        deps,
      );
      return { deliveries: deliveries.map(deliveryView) };
    },
  );

  app.post<{ Params: Params; Body: RedeliverBody }>(
    route(ops.redeliverWebhook).url,
    {
      config: route(ops.redeliverWebhook).config,
      schema: { body: ops.redeliverWebhook.body },
      preValidation: refuseUnknown(ops.redeliverWebhook.body, 'body'),
    },
    async (request, reply) => {
      const { tenant } = requireAdmin(request);
      const queued = await redeliver(
        {
          orgId: tenant.orgId,
          id: request.params.webhookId,
          ...(request.body.deliveryId !== undefined && { deliveryId: request.body.deliveryId }),
          ...(request.body.fromSequence !== undefined && { fromSequence: request.body.fromSequence }),
          ...(request.body.toSequence !== undefined && { toSequence: request.body.toSequence }),
        },
        deps,
      );
      return reply.code(202).send({ queued });
    },
  );
}
