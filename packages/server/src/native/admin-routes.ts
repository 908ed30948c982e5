import { NATIVE_OPERATIONS, type NativeCreateUserBody, type NativeUpdateUserBody } from '@deskwire/wire';
import type { CreateTokenBody } from '@deskwire/wire/sandbox';
import type { FastifyInstance } from 'fastify';
import { createApiToken, listApiTokens, revokeApiToken } from '../core/kapture/api-tokens.js';
import { createApiKey, revokeApiKey } from '../core/manage-keys.js';
import { createUser, updateUser } from '../core/manage-users.js';
import { ApiError } from '../errors/api-error.js';
import { nativeRoute } from '../http/native-route.js';
import { requirePrincipal } from '../http/request-context.js';
import type { NativeContext } from './native-context.js';
import { encodeUser } from './native-encode.js';

/** Users, key pairs and Kapture tokens (docs/api.md); every write here is Admin-only (the catalogue says so). */
export function registerAdminRoutes(app: FastifyInstance, ctx: NativeContext): void {
  const { deskwire } = ctx;

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.listUsers),
    handler: async (request) => {
      const { tenant } = requirePrincipal(request);
      return { users: (await deskwire.storage.users.listAccounts(tenant.orgId)).map(encodeUser) };
    },
  });

  app.route<{ Body: NativeCreateUserBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.createUser),
    handler: async (request, reply) => {
      const { tenant } = requirePrincipal(request);
      const account = await createUser({ orgId: tenant.orgId, ...request.body }, deskwire);
      return reply.code(201).send(encodeUser(account));
    },
  });

  app.route<{ Params: { orgId: string; userId: string }; Body: NativeUpdateUserBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.updateUser),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      const account = await updateUser(
        { orgId: tenant.orgId, actor: user, userId: request.params.userId.toLowerCase(), ...request.body },
        deskwire,
      );
      return encodeUser(account);
    },
  });

  app.route<{ Params: { orgId: string; userId: string } }>({
    ...nativeRoute(NATIVE_OPERATIONS.createKey),
    handler: async (request, reply) => {
      const { tenant } = requirePrincipal(request);
      const userId = request.params.userId.toLowerCase();
      const account = await deskwire.storage.users.getAccount(tenant.orgId, userId);
      if (account?.disabledAt) throw new ApiError('ValidationError', `user ${userId} is disabled`);
      const issued = await createApiKey({ orgId: tenant.orgId, userId }, deskwire);
      return reply.code(201).send({ userId: issued.user.id, accessKey: issued.accessKey, secretKey: issued.secretKey });
    },
  });

  app.route<{ Params: { orgId: string; accessKey: string } }>({
    ...nativeRoute(NATIVE_OPERATIONS.revokeKey),
    handler: async (request, reply) => {
      const { tenant } = requirePrincipal(request);
      await revokeApiKey({ orgId: tenant.orgId, accessKey: request.params.accessKey }, deskwire);
      return reply.code(204).send();
    },
  });

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.listTokens),
    handler: async (request) => {
      const { tenant } = requirePrincipal(request);
      const tokens = await listApiTokens({ orgId: tenant.orgId }, deskwire);
      return {
        tokens: tokens.map((t) => ({
          id: t.id,
          api: t.api,
          userId: t.userId,
          expiresAt: t.expiresAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        })),
      };
    },
  });

  app.route<{ Body: CreateTokenBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.createToken),
    handler: async (request, reply) => {
      const { tenant } = requirePrincipal(request);
      const { api, userId, expiresAt } = request.body;
      const issued = await createApiToken(
        {
          orgId: tenant.orgId,
          api,
          ...(userId !== undefined && { userId: userId.toLowerCase() }),
          ...(expiresAt !== undefined && { expiresAt: new Date(expiresAt) }),
        },
        deskwire,
      );
      return reply.code(201).send({
        token: issued.token,
        id: issued.record.id,
        api: issued.record.api,
        userId: issued.record.userId,
        expiresAt: issued.record.expiresAt?.toISOString() ?? null,
      });
    },
  });

  app.route<{ Params: { orgId: string; tokenId: string } }>({
    ...nativeRoute(NATIVE_OPERATIONS.revokeToken),
    handler: async (request, reply) => {
      const { tenant } = requirePrincipal(request);
      await revokeApiToken({ orgId: tenant.orgId, tokenId: request.params.tokenId }, deskwire);
      return reply.code(204).send();
    },
  });
}
