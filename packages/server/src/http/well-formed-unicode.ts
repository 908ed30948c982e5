import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';

/** A UTF-16 surrogate not paired with its other half: in `u` mode a valid pair is one code point and does not match. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Deepest nesting walked; the JSON bodies the dialects accept are a few levels deep. */
const MAX_DEPTH = 64;

/**
 * Where in a parsed value a string (or property name) holds ill-formed Unicode, as a path
 * (`Fields[0].Value`), or `undefined` when every string is well formed. A JSON text may spell a lone
 * surrogate as `"\ud800"`; echoed back it makes the response itself invalid for strict parsers.
 */
export function illFormedPath(value: unknown): string | undefined {
  // Every request passes here and almost none is ill formed: look first, and build path strings
  // (a JSON.stringify per property name) only to name a place that is.
  return holdsLoneSurrogate(value, 0) ? locate(value, '', 0) : undefined;
}

function holdsLoneSurrogate(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => holdsLoneSurrogate(item, depth + 1));
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (LONE_SURROGATE.test(key) || holdsLoneSurrogate((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

function locate(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || '(value)' : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = locate(item, `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${printable(key)}` : printable(key);
    if (LONE_SURROGATE.test(key)) return `${at} (the property name)`;
    const found = locate(item, at, depth + 1);
    if (found !== undefined) return withSchemaName(value, key, found);
  }
  return undefined;
}

/**
 * Refuses ill-formed Unicode in `value` with a 400 naming the place (`where`: `body`, the `ticketDTO`
 * part, …). For a LeadSquared `Fields[]` entry the field's `SchemaName` is named too.
 */
export function requireWellFormed(value: unknown, where: string): void {
  const path = illFormedPath(value);
  if (path === undefined) return;
  throw new ApiError(
    'ValidationError',
    `${where}${path === '(value)' ? '' : ` ${path}`} contains ill-formed Unicode (an unpaired UTF-16 surrogate, U+D800 to U+DFFF); send well-formed text`,
  );
}

/**
 * Checks every request's parsed body, query and path parameters before validation, in every dialect and
 * the sandbox (multipart text parts are checked where the form is read). A hook on the root reaches every route.
 */
export function installUnicodeCheck(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      requireWellFormed(request.params, 'path parameter');
      requireWellFormed(request.query, 'query parameter');
      requireWellFormed(request.body, 'body');
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}

/** `Fields[2].Value` of `{ SchemaName: 'Title', Value: … }` reads better as `Fields[2].Value (Title)`. */
function withSchemaName(entry: object, key: string, found: string): string {
  const schemaName = (entry as { SchemaName?: unknown }).SchemaName;
  if (key !== 'Value' || typeof schemaName !== 'string' || LONE_SURROGATE.test(schemaName)) return found;
  return found.endsWith('.Value') ? `${found} (${schemaName.slice(0, 100)})` : found;
}

/** A property name for a message: short, and without the bad code unit itself. */
function printable(key: string): string {
  return JSON.stringify(key.slice(0, 100).replace(/\p{Surrogate}/gu, '\uFFFD')).slice(1, -1);
}
