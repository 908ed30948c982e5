import { openApiDocument } from '@deskwire/server';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * Checks responses against docs/openapi.json's document (the server's own `openApiDocument()`):
 * the schema of the operation's route, method and status. Test servers run every response through
 * it (helpers/test-server.ts), so each HTTP test also checks the document against what it sees.
 */

const DOC_ID = 'urn:deskwire:openapi';
/** Routes the document leaves out: probes, metrics, signed downloads, the document itself, and the console's files. */
const UNDOCUMENTED = new Set([
  '/healthz',
  '/readyz',
  '/metrics',
  '/files/:id/:name',
  '/openapi.json',
  // The agent console's files (HTML, scripts, styles), not an API.
  '/console',
  '/console/',
  '/console/*',
]);

type Json = Record<string, unknown>;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction | 'no-body'>();

function compiler(): Ajv2020 {
  if (ajv) return ajv;
  // Every document keyword that is not JSON Schema (`openapi`, `paths`, …) is ignored (strict: false);
  // `$ref`s inside the schemas resolve against the document itself.
  ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  ajv.addSchema(openApiDocument(), DOC_ID);
  return ajv;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `/tickets/:ticketRef` (Fastify's route) → `/tickets/{ticketRef}` (the document's path). */
function documentPath(routeUrl: string): string {
  return routeUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function validatorFor(path: string, method: string, status: number): ValidateFunction | 'no-body' | { error: string } {
  const key = `${method} ${path} ${status}`;
  const known = validators.get(key);
  if (known) return known;
  const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Json>> };
  const item = doc.paths[path];
  // A method the path does not serve is a failure in the path's error shape (Kapture answers every
  // method on its paths): checked against the error response another method documents.
  const documentedMethod = item?.[method] ? method : status >= 400 ? Object.keys(item ?? {})[0] : undefined;
  const operation = documentedMethod === undefined ? undefined : item?.[documentedMethod];
  if (!operation || documentedMethod === undefined) {
    return { error: `${method.toUpperCase()} ${path} is not in the OpenAPI document` };
  }
  const responses = operation.responses as Record<string, Json>;
  let response = responses[String(status)];
  if (!response) return { error: `${method.toUpperCase()} ${path} documents no ${status} response` };
  let pointer = `#/paths/${escapePointer(path)}/${documentedMethod}/responses/${status}`;
  if (typeof response.$ref === 'string') {
    pointer = response.$ref;
    const name = pointer.split('/').pop() ?? '';
    response = (doc.components as { responses: Record<string, Json> }).responses[name] ?? {};
  }
  const content = response.content as Record<string, unknown> | undefined;
  const validate: ValidateFunction | 'no-body' = content?.['application/json']
    ? compiler().compile({ $ref: `${DOC_ID}${pointer}/content/application~1json/schema` })
    : 'no-body';
  validators.set(key, validate);
  return validate;
}

export interface SeenResponse {
  method: string;
  /** The matched route (`request.routeOptions.url`), undefined for an unknown path. */
  routeUrl: string | undefined;
  status: number;
  contentType: string | undefined;
  body: string;
}

/** Why the response contradicts the document, or undefined when it agrees (or is not covered). */
export function responseMismatch(seen: SeenResponse): string | undefined {
  if (seen.routeUrl === undefined || UNDOCUMENTED.has(seen.routeUrl)) return undefined;
  const method = seen.method.toLowerCase();
  if (method === 'head' || method === 'options') return undefined;
  const path = documentPath(seen.routeUrl);
  const validate = validatorFor(path, method, seen.status);
  if (typeof validate === 'object') return validate.error;
  const where = `${seen.method} ${path} ${seen.status}`;
  if (validate === 'no-body') return seen.body === '' ? undefined : `${where}: documented without a body`;
  if (!seen.contentType?.startsWith('application/json')) return `${where}: ${seen.contentType} is not JSON`;
  let body: unknown;
  try {
    body = JSON.parse(seen.body);
  } catch {
    return `${where}: the body is not JSON`;
  }
  if (validate(body)) return undefined;
  return `${where}: ${compiler().errorsText(validate.errors)} in ${seen.body.slice(0, 300)}`;
}

/** The documented JSON Schema validator of a response (for fixtures): throws when it is not documented. */
export function documentedResponse(path: string, method: string, status: number): ValidateFunction {
  const validate = validatorFor(path, method, status);
  if (typeof validate !== 'function') {
    throw new Error(`${method} ${path} ${status}: ${validate === 'no-body' ? 'no body' : validate.error}`);
  }
  return validate;
}

/** The documented request body schema of an operation, compiled. */
export function documentedRequestBody(path: string, method: string): ValidateFunction {
  const pointer = `#/paths/${escapePointer(path)}/${method}/requestBody/content/application~1json/schema`;
  return compiler().compile({ $ref: `${DOC_ID}${pointer}` });
}

/** Ajv's message for the last failed validation. */
export function validationErrors(validate: ValidateFunction): string {
  return compiler().errorsText(validate.errors);
}
