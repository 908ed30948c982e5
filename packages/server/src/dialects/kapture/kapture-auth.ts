import { operationNamed } from '@deskwire/wire';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { authenticateToken } from '../../core/kapture/api-tokens.js';
import { reportingAuthFailures } from '../../http/report-auth-failure.js';
import '../../http/request-context.js';

/**
 * `Authorization: Basic <token>`, the token sent as issued (not base64-encoded again). Without an
 * `Authorization` header the `x-api-key` header is read instead (nammayatri sends both with the same
 * value); `x-api-type` is accepted and ignored. Runs first, before body parsing, so an unauthenticated
 * call costs no parsing and no rate-limit budget. Sets `request.principal`, whose `accessKey` is the
 * token's public id.
 */
export function installKapAuth(app: FastifyInstance, deps: Pick<CoreDeps, 'tenantConfig' | 'now'>): void {
  app.addHook('onRequest', async (request) => {
    // Which API's token the operation takes (Kapture issues one key per API): the catalogue says.
    const api = operationNamed(request.routeOptions.config.operation ?? '')?.tokenApi;
    if (!api) return; // Not an API route (another method on a Kapture path): its handler answers 404.
    request.principal = await reportingAuthFailures(request, 'kapture', () =>
      authenticateToken({ token: presentedToken(request), api, ip: request.ip }, deps),
    );
  });
}

function presentedToken(request: FastifyRequest): string | undefined {
  const authorization = first(request.headers.authorization);
  if (authorization !== undefined) return /^Basic\s+(\S+)\s*$/i.exec(authorization)?.[1];
  return first(request.headers['x-api-key'])?.trim();
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
