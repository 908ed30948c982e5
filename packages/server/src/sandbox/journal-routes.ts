import { JournalQuery, JournalView, OrgParams, RemovedView } from '@deskwire/wire/sandbox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { requireTenant, type SandboxContext } from './sandbox-context.js';

/** Reading and clearing a tenant's request journal (request-journal.ts). */
export async function journalRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/tenants/:orgId/requests',
    { schema: { params: OrgParams, querystring: JournalQuery, response: { 200: JournalView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const q = request.query;
      if (q.since !== undefined && Number.isNaN(new Date(q.since).getTime())) {
        throw new ApiError('ValidationError', `Invalid querystring: 'since' is not a valid date-time`);
      }
      const requests = await ctx.journal.list(orgId, {
        ...(q.operation !== undefined && { operation: q.operation }),
        ...(q.status !== undefined && { status: q.status }),
        ...(q.since !== undefined && { since: new Date(q.since) }),
        ...(q.limit !== undefined && { limit: Number(q.limit) }),
      });
      return { requests };
    },
  );

  r.delete(
    '/tenants/:orgId/requests',
    { schema: { params: OrgParams, response: { 200: RemovedView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      return { removed: await ctx.journal.clear(orgId) };
    },
  );
}
