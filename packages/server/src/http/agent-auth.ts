import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfMatches, resolveSession, type SessionPolicy } from '../core/agent-sessions.js';
import type { CoreDeps } from '../core/deps.js';
import { ApiError } from '../errors/api-error.js';
import { authenticateKeyPair, hasKeyPair, header } from './key-pair-auth.js';
import './request-context.js';

/** The session cookie of Deskwire's own API (docs/api.md "Authentication"). */
export const SESSION_COOKIE = 'deskwire_session';
/** Where a session's state-changing calls carry the CSRF token. */
export const CSRF_HEADER = 'x-deskwire-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const NO_SESSION =
  'Sign in first (POST /api/v1/session), or send X-LSQ-ACCESS-KEY and X-LSQ-SECRET-KEY: no valid session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session token of a session call (for signing out); never logged. */
    sessionToken?: string;
  }
}

export interface AgentAuthOptions {
  publicDemoKeys: boolean;
  sessionPolicy: SessionPolicy;
}

/**
 * Authentication for Deskwire's own API: on each route, per its `config.nativeAuth` (default `any`),
 * the LeadSquared key pair (exactly as on the dialect, no CSRF: a browser never sends those headers
 * by itself) or the agent session cookie. A session call that changes state must carry the session's
 * CSRF token in `X-Deskwire-CSRF` (compared in constant time) or is refused with 403. A session or key
 * of another tenant than the path's answers the same 401 as none at all.
 */
export async function installAgentAuth(
  app: FastifyInstance,
  deps: Pick<CoreDeps, 'storage' | 'tenantConfig' | 'now'>,
  options: AgentAuthOptions,
): Promise<void> {
  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request) => {
    const mode = request.routeOptions.config.nativeAuth ?? 'any';
    if (mode === 'none') return;
    const orgId = pathOrgId(request);
    if (mode === 'any' && hasKeyPair(request)) {
      request.principal = await authenticateKeyPair(request, deps, {
        publicDemoKeys: options.publicDemoKeys,
        orgId: orgId ?? (await keyOrgId(request, deps)),
        surface: 'native',
      });
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    const principal = token ? await resolveSession(token, deps, options.sessionPolicy) : undefined;
    if (!token || !principal || (orgId !== undefined && principal.tenant.orgId !== orgId)) {
      throw new ApiError('Unauthorized', NO_SESSION);
    }
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(token, header(request.headers[CSRF_HEADER]))) {
      throw new ApiError('Forbidden', 'Missing or invalid X-Deskwire-CSRF header: send the csrfToken of your session');
    }
    request.principal = principal;
    request.sessionToken = token;
  });
}

/** The tenant of the path (`/tenants/{orgId}/…`); `undefined` on paths without one (`/api/v1/me`); NaN if malformed. */
function pathOrgId(request: FastifyRequest): number | undefined {
  const raw = (request.params as { orgId?: string } | undefined)?.orgId;
  return raw === undefined ? undefined : Number(raw);
}

/** `/api/v1/me` with a key pair: the tenant is the key's (the check itself is the usual one). */
async function keyOrgId(request: FastifyRequest, deps: Pick<CoreDeps, 'storage'>): Promise<number | undefined> {
  const accessKey = header(request.headers['x-lsq-access-key']);
  return accessKey ? (await deps.storage.users.findKey(accessKey))?.user.orgId : undefined;
}

/** The cookie options: HttpOnly, SameSite=Strict, scoped to /api/v1, Secure over HTTPS. */
export function sessionCookieOptions(request: FastifyRequest, expires: Date) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: request.protocol === 'https',
    path: '/api/v1',
    expires,
  };
}
