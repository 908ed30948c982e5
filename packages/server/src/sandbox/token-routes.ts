import { CreateTokenBody, IssuedTokenView, OrgParams, TokenParams } from '@deskwire/wire/sandbox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { createApiToken, revokeApiToken } from '../core/kapture/api-tokens.js';
import { requireTenant, type SandboxContext } from './sandbox-context.js';

/** Kapture-style per-API tokens: the same core functions as `deskwire token create` / `token revoke`. */
export async function tokenRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/tenants/:orgId/tokens',
    { schema: { params: OrgParams, body: CreateTokenBody, response: { 201: IssuedTokenView } } },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const { api, userId, expiresAt } = request.body;
      const issued = await createApiToken(
        {
          orgId,
          api,
          ...(userId !== undefined && { userId: userId.toLowerCase() }),
          ...(expiresAt !== undefined && { expiresAt: new Date(expiresAt) }),
        },
        ctx.deskwire,
      );
      return reply.code(201).send({
        token: issued.token,
        id: issued.record.id,
        api: issued.record.api,
        userId: issued.record.userId,
        expiresAt: issued.record.expiresAt?.toISOString() ?? null,
      });
    },
  );

  r.delete('/tenants/:orgId/tokens/:tokenId', { schema: { params: TokenParams } }, async (request, reply) => {
    const { orgId } = await requireTenant(ctx, request.params.orgId);
    await revokeApiToken({ orgId, tokenId: request.params.tokenId }, ctx.deskwire);
    return reply.code(204).send();
  });
}
