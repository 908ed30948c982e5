import type { TSchema } from '@sinclair/typebox';
import { EVENT_SCHEMAS, EVENT_SUMMARIES, EVENT_TYPES } from '../events/event-schemas.js';
import { KapFailureResponse } from '../kapture/error-schemas.js';
import { LsqErrorResponse } from '../leadsquared/error-schemas.js';
import { NativeErrorResponse } from '../native/native-schemas.js';
import {
  EVENT_OPERATIONS,
  type EventOperation,
  NATIVE_OPERATION_LIST,
  OPERATIONS,
  SANDBOX_OPERATIONS,
} from '../operations/index.js';
import type { NativeOperation, SandboxOperation, WireOperation } from '../operations/operation.js';
import { type JsonSchema, schemaNames, toJsonSchema } from './json-schema.js';
import {
  KAPTURE_SECURITY,
  LSQ_SECURITY,
  NATIVE_READ_SECURITY,
  NATIVE_WRITE_SECURITY,
  SANDBOX_SECURITY,
  SECURITY_SCHEMES,
} from './security-schemes.js';

/** One HTTP status the server can fail with, and the error codes (docs/errors.md) that answer it. */
export interface ErrorStatus {
  readonly status: number;
  readonly codes: readonly string[];
}

export interface OpenApiOptions {
  /** `info.version`: the server's version. */
  readonly version: string;
  /** Every failure status with its codes (the server's error-code table), in any order. */
  readonly errors: readonly ErrorStatus[];
}

export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    securitySchemes: typeof SECURITY_SCHEMES;
  };
};
type OperationObject = Record<string, unknown> & { responses: Record<string, ResponseObject | RefObject> };
type ResponseObject = { description: string; content?: Record<string, { schema: JsonSchema }> };
type RefObject = { $ref: string };

type Surface = 'leadsquared' | 'kapture' | 'sandbox' | 'native' | 'events';
type ErrorSurface = Exclude<Surface, 'events'>;

const TAGS: Record<Surface, { name: string; description: string }> = {
  leadsquared: {
    name: 'LeadSquared',
    description: 'The LeadSquared Service CRM ticket API (L1–L10), under /api/tenants/{orgId}.',
  },
  kapture: { name: 'Kapture', description: 'The Kapture CRM ticket API v.2.0 (K1–), every one a POST at the root.' },
  sandbox: { name: 'Sandbox', description: 'The /_deskwire controls, on when the server has an admin token.' },
  native: {
    name: 'Deskwire',
    description: "Deskwire's own API under /api/v1: agent sessions or key pairs, ticket lists, search (docs/api.md).",
  },
  events: {
    name: 'Events',
    description: "The tenant's event log and webhook endpoints, under /api/v1/tenants/{orgId} (docs/webhooks.md).",
  },
};

/** The error body each surface answers with, and the prefix of its `components.responses`. */
/** (The events endpoints are part of /api/v1 and answer in its body.) */
const ERROR_BODY: Record<ErrorSurface, { schema: TSchema; prefix: string }> = {
  leadsquared: { schema: LsqErrorResponse, prefix: 'LsqError' },
  kapture: { schema: KapFailureResponse, prefix: 'KapFailure' },
  sandbox: { schema: LsqErrorResponse, prefix: 'SandboxError' },
  native: { schema: NativeErrorResponse, prefix: 'NativeError' },
};

/**
 * The OpenAPI 3.1 document of both dialects and the sandbox, generated from the operations catalogue
 * and the wire schemas only: every operation of `OPERATIONS` and `SANDBOX_OPERATIONS`, in catalogue
 * order, so an operation added there appears here. Pure and deterministic: the same catalogue and
 * options give the same JSON, byte for byte (docs/openapi.json is checked against it).
 */
export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const names = schemaNames();
  const schemas: Record<string, JsonSchema> = {};
  /** A named schema becomes a component and a `$ref`; an unnamed one stays inline. */
  const use = (schema: TSchema): JsonSchema => {
    const name = names.get(schema);
    if (name === undefined) return toJsonSchema(schema);
    schemas[name] ??= toJsonSchema(schema);
    return { $ref: `#/components/schemas/${name}` };
  };
  const errors = [...options.errors].sort((a, b) => a.status - b.status);
  const responses: Record<string, ResponseObject> = {};
  for (const surface of Object.keys(ERROR_BODY) as ErrorSurface[]) {
    const { schema, prefix } = ERROR_BODY[surface];
    for (const { status, codes } of errors) {
      responses[`${prefix}${status}`] = {
        description: `Failure: ${[...codes].sort().join(', ')} (docs/errors.md)`,
        content: { 'application/json': { schema: use(schema) } },
      };
    }
  }
  const errorRefs = (surface: ErrorSurface): Record<string, RefObject> =>
    Object.fromEntries(
      errors.map(({ status }) => [
        String(status),
        { $ref: `#/components/responses/${ERROR_BODY[surface].prefix}${status}` },
      ]),
    );

  /** An operation's own failure bodies (`WireOperation.failures`): either it or the dialect's error body. */
  const ownFailures = (op: WireOperation, surface: ErrorSurface): Record<string, ResponseObject> =>
    Object.fromEntries(
      Object.entries(op.failures ?? {}).map(([status, schema]) => [
        status,
        {
          description: "Failure: the dialect error body, or this operation's own",
          content: { 'application/json': { schema: { anyOf: [use(ERROR_BODY[surface].schema), use(schema)] } } },
        },
      ]),
    );

  const paths: Record<string, Record<string, OperationObject>> = {};
  const add = (path: string, method: string, operation: OperationObject): void => {
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  };

  for (const op of OPERATIONS) {
    const surface: Surface = op.dialect;
    const variants = [{ path: op.path, query: op.query, id: op.name }];
    op.alternates?.forEach((alt, i) => {
      variants.push({ path: alt.path, query: alt.query, id: `${op.name}.alternate${i + 1}` });
    });
    for (const variant of variants) {
      add(variant.path, op.method, {
        operationId: variant.id,
        summary: op.summary,
        description: wireDescription(op, variant.path !== op.path),
        tags: [TAGS[surface].name],
        externalDocs: { url: op.docs },
        security: surface === 'kapture' ? [...KAPTURE_SECURITY] : [...LSQ_SECURITY],
        ...parametersOf(variant.path, undefined, variant.query),
        ...(op.body && { requestBody: wireRequestBody(use(op.body), op.encodings) }),
        responses: {
          '200': { description: 'Success', content: { 'application/json': { schema: use(op.response) } } },
          ...errorRefs(surface),
          ...ownFailures(op, surface),
        },
        'x-deskwire-kind': op.kind,
        ...(op.tokenApi !== undefined && { 'x-deskwire-token-api': op.tokenApi }),
        ...(op.adminOnly === true && { 'x-deskwire-admin-only': true }),
      });
    }
  }

  for (const op of Object.values(SANDBOX_OPERATIONS) as SandboxOperation[]) {
    add(op.path, op.method, {
      operationId: op.name,
      summary: op.summary,
      ...(op.cli !== undefined && { description: `The HTTP form of \`${op.cli}\`.` }),
      tags: [TAGS.sandbox.name],
      security: [...SANDBOX_SECURITY],
      ...parametersOf(op.path, op.params, op.query),
      ...(op.body && {
        requestBody: {
          required: op.bodyOptional !== true,
          content: { 'application/json': { schema: use(op.body) } },
        },
      }),
      responses: {
        [String(op.status)]: op.response
          ? { description: 'Success', content: { 'application/json': { schema: use(op.response) } } }
          : { description: 'Done (no body)' },
        ...errorRefs('sandbox'),
      },
      'x-deskwire-kind': op.kind,
    });
  }

  for (const op of NATIVE_OPERATION_LIST) {
    add(op.path, op.method, {
      operationId: op.name,
      summary: op.summary,
      description: nativeDescription(op),
      tags: [TAGS.native.name],
      security: nativeSecurity(op),
      ...parametersOf(op.path, op.params, op.query),
      ...(op.body && {
        requestBody: {
          required: op.bodyOptional !== true,
          content: { 'application/json': { schema: use(op.body) } },
        },
      }),
      responses: {
        [String(op.status)]: op.response
          ? { description: 'Success', content: { 'application/json': { schema: use(op.response) } } }
          : { description: 'Done (no body)' },
        ...errorRefs(op.lsqErrors === true ? 'leadsquared' : 'native'),
      },
      'x-deskwire-kind': op.kind,
      ...(op.adminOnly === true && { 'x-deskwire-admin-only': true }),
    });
  }

  for (const op of Object.values(EVENT_OPERATIONS) as EventOperation[]) {
    const success =
      op.produces === 'text/event-stream'
        ? { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }
        : op.response
          ? { description: 'Success', content: { 'application/json': { schema: use(op.response) } } }
          : { description: 'Done (no body)' };
    add(op.path, op.method, {
      operationId: op.name,
      summary: op.summary,
      ...(op.cli !== undefined && { description: `The HTTP form of \`${op.cli}\`.` }),
      tags: [TAGS.events.name],
      security: [...(op.kind === 'write' ? NATIVE_WRITE_SECURITY : NATIVE_READ_SECURITY)],
      ...parametersOf(op.path, op.params, op.query),
      ...(op.body && {
        requestBody: { required: true, content: { 'application/json': { schema: use(op.body) } } },
      }),
      responses: { [String(op.status)]: success, ...errorRefs('native') },
      'x-deskwire-kind': op.kind,
    });
  }

  // The events Deskwire posts to webhook endpoints (OpenAPI 3.1 `webhooks`), signed per Standard Webhooks.
  const webhooks: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    webhooks[type] = {
      post: {
        operationId: `event.${type}`,
        summary: EVENT_SUMMARIES[type],
        tags: [TAGS.events.name],
        parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
          name,
          in: 'header',
          required: true,
          schema: { type: 'string' },
        })),
        requestBody: { required: true, content: { 'application/json': { schema: use(EVENT_SCHEMAS[type]) } } },
        responses: { '200': { description: 'Any 2xx acknowledges the delivery; anything else is retried' } },
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Deskwire',
      version: options.version,
      summary:
        "LeadSquared Service CRM and Kapture CRM ticket APIs, wire-compatible, plus Deskwire's own /api/v1 and the sandbox",
      description:
        'Generated from the operations catalogue and the wire schemas of @deskwire/wire (`npm run openapi`); ' +
        'served by every Deskwire server at GET /openapi.json. Do not edit docs/openapi.json by hand.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: Object.values(TAGS),
    paths,
    webhooks,
    components: { schemas, responses, securitySchemes: SECURITY_SCHEMES },
  };
}

function nativeSecurity(op: NativeOperation): readonly object[] {
  if (op.auth === 'none') return [];
  if (op.auth === 'session') {
    return op.kind === 'write' ? [{ deskwireSession: [], deskwireCsrf: [] }] : [{ deskwireSession: [] }];
  }
  const requirements = op.kind === 'write' ? NATIVE_WRITE_SECURITY : NATIVE_READ_SECURITY;
  return [...requirements];
}

function nativeDescription(op: NativeOperation): string {
  const lines = [
    op.auth === 'none'
      ? 'No credentials.'
      : op.auth === 'session'
        ? 'Agent session only.'
        : op.kind === 'write'
          ? 'Key pair, or session cookie with the X-Deskwire-CSRF header.'
          : 'Key pair or session cookie.',
  ];
  if (op.adminOnly === true) lines.push('Admin users only (agents get 403 Forbidden).');
  if (op.cli !== undefined) lines.push(`The HTTP form of \`${op.cli}\`.`);
  return lines.join(' ');
}

function wireDescription(op: WireOperation, alternate: boolean): string {
  const lines = [`Vendor endpoint ${op.ref} (${op.kind === 'read' ? 'reads only' : 'writes'}).`];
  if (alternate) lines.push(`Another form of \`${op.method} ${op.path}\`.`);
  if (op.tokenApi !== undefined) lines.push(`Needs a token issued for the \`${op.tokenApi}\` API.`);
  if (op.adminOnly === true) lines.push('Admin users only.');
  return lines.join(' ');
}

/** The body of a vendor operation: JSON, and for L2/L3 multipart with `ticketDTO` (JSON) and `files`. */
function wireRequestBody(schema: JsonSchema, encodings: WireOperation['encodings']): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const encoding of encodings ?? ['application/json']) {
    content[encoding] =
      encoding === 'application/json'
        ? { schema }
        : {
            schema: {
              type: 'object',
              properties: {
                ticketDTO: schema,
                files: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } },
              },
              required: ['ticketDTO'],
            },
            encoding: { ticketDTO: { contentType: 'application/json' } },
          };
  }
  return { required: true, content };
}

/**
 * Path parameters (from the declared schema's properties, else plain strings named by the path) and
 * query parameters (one per property of the query schema).
 */
function parametersOf(
  path: string,
  params: TSchema | undefined,
  query: TSchema | undefined,
): { parameters?: Record<string, unknown>[] } {
  const parameters: Record<string, unknown>[] = [];
  const declared = params ? propertiesOf(params) : {};
  for (const [, name] of path.matchAll(/\{([A-Za-z0-9_]+)\}/g)) {
    if (name === undefined) continue;
    parameters.push({ name, in: 'path', required: true, schema: declared[name] ?? { type: 'string' } });
  }
  if (query) {
    const required = new Set((toJsonSchema(query).required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(propertiesOf(query))) {
      parameters.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  return parameters.length === 0 ? {} : { parameters };
}

function propertiesOf(schema: TSchema): Record<string, JsonSchema> {
  return (toJsonSchema(schema).properties as Record<string, JsonSchema> | undefined) ?? {};
}
