import { readFile } from 'node:fs/promises';
import type { CapturedResponse } from './captured-response.js';

/** Deskwire's own OpenAPI 3.1 document (`npm run openapi`), the one the server serves at /openapi.json. */
export const OPENAPI_DOCUMENT = new URL('../../docs/openapi.json', import.meta.url);

/** L4's path in the document. */
const L4_PATH = '/api/tenants/{orgId}/tickets/{ticketRef}';

type Json = Record<string, unknown>;

/**
 * docs/openapi.json with the captured L4 response as the 200 example of L4, so Prism serves the same
 * content our server gave (the document's schemas, security and every other operation unchanged).
 * Built for every run from the captured bytes, never kept as a copy that could drift from the server.
 */
export async function getTicketOpenApi(captured: CapturedResponse): Promise<Json> {
  const document = JSON.parse(await readFile(OPENAPI_DOCUMENT, 'utf8')) as Json & {
    paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, Json> }> }>>;
  };
  const json = document.paths[L4_PATH]?.get?.responses['200']?.content['application/json'];
  if (!json) throw new Error(`docs/openapi.json has no JSON 200 response for GET ${L4_PATH}`);
  json.examples = { captured: { value: JSON.parse(captured.body.toString('utf8')) as unknown } };
  return document;
}
