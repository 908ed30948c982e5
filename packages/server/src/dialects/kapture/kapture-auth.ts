import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateToken, type TokenApi } from '../../core/api-tokens.js';
import type { CoreDeps } from '../../core/deps.js';
import '../../http/request-context.js';

/** Which API's token each operation takes (Kapture issues one key per API, vendor-apis.md §2.0). */
export const KAPTURE_OPERATION_API: Readonly<Record<string, TokenApi>> = Object.freeze({
  'kapture.getTickets': 'get',
  'kapture.createTicket': 'add',
  'kapture.updateTicket': 'update',
  'kapture.pullTickets': 'pull',
});

/**
 * `Authorization: Basic <token>`, the token sent as issued (not base64-encoded again). Without an
 * `Authorization` header the `x-api-key` header is read instead (nammayatri sends both with the same
 * value); `x-api-type` is accepted and ignored. Runs first, before body parsing, so an unauthenticated
 * call costs no parsing and no rate-limit budget. Sets `request.principal`, whose `accessKey` is the
 * token's public id.
 */
export function installKapAuth(app: FastifyInstance, deps: Pick<CoreDeps, 'storage' | 'now'>): void {
  app.addHook('onRequest', async (request) => {
    const api = KAPTURE_OPERATION_API[request.routeOptions.config.operation ?? ''];
    if (!api) return; // Not an API route (another method on a Kapture path): its handler answers 404.
    request.principal = await authenticateToken({ token: presentedToken(request), api, ip: request.ip }, deps);
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
