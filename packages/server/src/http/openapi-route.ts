import { createRequire } from 'node:module';
import { buildOpenApiDocument, type ErrorStatus, type OpenApiDocument } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { ERROR_STATUS } from '../errors/error-codes.js';

let cached: { document: OpenApiDocument; json: string } | undefined;

/**
 * The OpenAPI 3.1 document of this server (both dialects and the sandbox), generated from
 * @deskwire/wire's catalogue with the failure statuses of the error-code table; docs/openapi.json is
 * this document, written by `npm run openapi`.
 */
export function openApiDocument(): OpenApiDocument {
  return openApi().document;
}

function openApi(): { document: OpenApiDocument; json: string } {
  if (cached) return cached;
  const byStatus = new Map<number, string[]>();
  for (const [code, status] of Object.entries(ERROR_STATUS))
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  const errors: ErrorStatus[] = [...byStatus].map(([status, codes]) => ({ status, codes }));
  // dist/http/ and src/http/ are both two levels below the package root.
  const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
  const document = buildOpenApiDocument({ version, errors });
  cached = { document, json: `${JSON.stringify(document, null, 2)}\n` };
  return cached;
}

/** The document as docs/openapi.json holds it: two-space indented, with a final newline. */
export function openApiJson(): string {
  return openApi().json;
}

/**
 * `GET /openapi.json`, without credentials: the document describes the API, it holds no tenant data.
 * Logged at warn only, like the probes (tools fetch it often).
 */
export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get('/openapi.json', { logLevel: 'warn' }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(openApiJson()),
  );
}
