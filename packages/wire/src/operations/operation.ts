import type { TSchema } from '@sinclair/typebox';
import type { KapTokenApi } from '../kapture/token-apis.js';

/** The wire surfaces the catalogue describes. */
export type Dialect = 'leadsquared' | 'kapture';

/**
 * One operation of a wire surface: the single definition that the server's routes, its metrics labels
 * and sandbox fault rules, the client's operation tables and the OpenAPI document all read.
 */
export interface WireOperation {
  /** Stable name (`lsq.getTicket`): route config, request journal, fault rules, metrics label. */
  readonly name: string;
  readonly dialect: Dialect;
  /** The vendor's endpoint number in docs/leadsquared-api.md and docs/kapture-api.md (`L4`, `K3`). */
  readonly ref: string;
  readonly summary: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Full path, OpenAPI-style parameters: `/api/tenants/{orgId}/tickets/{ticketRef}`. */
  readonly path: string;
  /** Other paths serving the same operation (the vendor documents both forms), each with its query. */
  readonly alternates?: readonly { readonly path: string; readonly query?: TSchema }[];
  /** A read changes nothing (POST filters included): safe to retry. */
  readonly kind: 'read' | 'write';
  readonly query?: TSchema;
  /** The JSON body (for multipart operations: the `ticketDTO` part's JSON). */
  readonly body?: TSchema;
  /** Body encodings accepted; `multipart/form-data` carries `ticketDTO` plus `files`. */
  readonly encodings?: readonly ('application/json' | 'multipart/form-data')[];
  /** The 200 response body. */
  readonly response: TSchema;
  /**
   * Failure bodies of this operation beside its dialect's error body, by HTTP status (K6 answers an
   * unknown customer with a body of its own). The OpenAPI document offers either for that status.
   */
  readonly failures?: Readonly<Record<number, TSchema>>;
  /** Kapture: the API the token must be issued for (one key per API, docs/kapture-api.md "Tokens"). */
  readonly tokenApi?: KapTokenApi;
  /** LeadSquared: only Admin users may call it. */
  readonly adminOnly?: boolean;
  /** The vendor's page for the endpoint. */
  readonly docs: string;
}

/** `/tickets/{ticketRef}` → `/tickets/:ticketRef`, the router's form. */
export function routerPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/** Fills an operation path's `{name}` parameters, each URL-encoded. */
export function expandPath(path: string, params: Readonly<Record<string, string | number>>): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * One control of the sandbox (`/_deskwire`, docs/sandbox.md): Deskwire's own JSON, behind the admin
 * token. Unlike a vendor operation it answers 201 or 204 too, and declares its path parameters.
 */
export interface SandboxOperation {
  /** Stable name (`sandbox.createTenant`): the OpenAPI operationId. */
  readonly name: string;
  readonly summary: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Full path, OpenAPI-style parameters: `/_deskwire/tenants/{orgId}`. */
  readonly path: string;
  readonly kind: 'read' | 'write';
  /** The path parameters, one property each. */
  readonly params?: TSchema;
  readonly query?: TSchema;
  readonly body?: TSchema;
  /** The body may be left out (an empty body means "no options"). */
  readonly bodyOptional?: boolean;
  /** The success status. */
  readonly status: 200 | 201 | 202 | 204;
  /** The success body; none for 204. */
  readonly response?: TSchema;
  /** The `deskwire` CLI command doing the same (docs/cli.md), if any. */
  readonly cli?: string;
}

/**
 * One operation of Deskwire's own API (`/api/v1`, docs/api.md): like a sandbox control (201/204, path
 * parameters, PATCH and DELETE), plus how it authenticates and whether only Admin users may call it.
 */
export interface NativeOperation extends SandboxOperation {
  /**
   * `any`: the LeadSquared key pair or an agent session (with the CSRF header on writes); `session`: only
   * a session; `none`: no credentials (signing in).
   */
  readonly auth: 'any' | 'session' | 'none';
  /** Agents are refused with 403. */
  readonly adminOnly?: boolean;
  /**
   * Failures in the LeadSquared envelope instead of /api/v1's own: the email reply endpoint, which answered
   * so before /api/v1 existed (docs/email.md), keeps doing so for its existing callers.
   */
  readonly lsqErrors?: boolean;
  /**
   * The console's own bookkeeping (presence heartbeats, reading the sandbox journal): the sandbox neither
   * journals it nor applies fault rules to it, so the journal shows what an integrator's code did.
   */
  readonly quiet?: boolean;
}
