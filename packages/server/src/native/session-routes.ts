import { NATIVE_OPERATIONS, type SignInBody } from '@deskwire/wire';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor, signIn, signOut } from '../core/agent-sessions.js';
import type { Principal } from '../core/authenticate.js';
import { ApiError } from '../errors/api-error.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../http/agent-auth.js';
import { nativeRoute } from '../http/native-route.js';
import { requirePrincipal } from '../http/request-context.js';
import type { NativeContext } from './native-context.js';
import { encodeTenant, encodeUser } from './native-encode.js';

/** Signing in and out, the session, and `GET /api/v1/me` (docs/api.md "Authentication"). */
export function registerSessionRoutes(app: FastifyInstance, ctx: NativeContext): void {
  const { deskwire } = ctx;

  app.route<{ Body: SignInBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.signIn),
    handler: async (request, reply) => {
      const { email, password, orgId } = request.body;
      const signedIn = await signIn({ email, password, orgId }, deskwire, ctx.sessionPolicy, {
        attempt: (account) => ctx.throttle.attempt(account, request.ip),
        succeeded: (account) => ctx.throttle.succeeded(account, request.ip),
      });
      reply.setCookie(SESSION_COOKIE, signedIn.token, sessionCookieOptions(request, signedIn.session.expiresAt));
      return reply.code(201).send(await sessionView(signedIn.principal, signedIn.csrfToken, ctx));
    },
  });

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.getSession),
    handler: async (request) => sessionView(requirePrincipal(request), csrfTokenFor(sessionToken(request)), ctx),
  });

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.signOut),
    handler: async (request, reply: FastifyReply) => {
      await signOut(sessionToken(request), deskwire);
      reply.clearCookie(SESSION_COOKIE, { path: '/api/v1' });
      return reply.code(204).send();
    },
  });

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.me),
    handler: async (request) => {
      const principal = requirePrincipal(request);
      const account = await deskwire.storage.users.getAccount(principal.tenant.orgId, principal.user.id);
      if (!account) throw new ApiError('Unauthorized', 'This user no longer exists');
      return {
        user: encodeUser(account),
        tenant: encodeTenant(principal.tenant),
        auth: principal.session ? ('session' as const) : ('key' as const),
      };
    },
  });
}

function sessionToken(request: FastifyRequest): string {
  if (request.sessionToken === undefined) throw new Error('session route reached without a session');
  return request.sessionToken;
}

async function sessionView(principal: Principal, csrfToken: string, ctx: NativeContext) {
  const { session } = principal;
  if (!session) throw new Error('session view without a session');
  const account = await ctx.deskwire.storage.users.getAccount(principal.tenant.orgId, principal.user.id);
  if (!account) throw new ApiError('Unauthorized', 'This user no longer exists');
  return {
    user: encodeUser(account),
    tenant: encodeTenant(principal.tenant),
    csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    idleExpiresAt: session.idleExpiresAt.toISOString(),
  };
}
