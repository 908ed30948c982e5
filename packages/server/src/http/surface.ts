import type { FastifyInstance } from 'fastify';
import type { Deskwire } from '../deskwire.js';
import type { ApiError } from '../errors/api-error.js';
import type { AppServices } from './app-services.js';
import type { ResolvedServerOptions } from './server-options.js';

/** What the assembler hands every surface. */
export interface SurfaceContext {
  readonly deskwire: Deskwire;
  readonly options: ResolvedServerOptions;
  /** Backends the app shares between surfaces (Redis, metrics). */
  readonly services: AppServices;
}

/**
 * One way into (or out of) Deskwire: a wire dialect, the sandbox controls, Deskwire's own API, a mail
 * channel, webhook deliveries. `register` adds its routes and hooks to the app in its own scope; a
 * surface that listens on something other than HTTP (SMTP, a poller) starts in Fastify's `onReady`
 * hook and stops in `onClose`, so it lives and dies with the app. Adding a surface means adding a
 * folder that exports one of these and one line in `app/surfaces.ts`.
 */
export interface Surface {
  /** Names the surface in logs and docs (`leadsquared`, `kapture`, `sandbox`). */
  readonly name: string;
  register(app: FastifyInstance, context: SurfaceContext): Promise<void>;
}

/**
 * A wire surface with its own error shape. The app asks each dialect whether it owns a request to pick
 * the shape of errors raised before routing (a malformed URL) and of unknown paths.
 */
export interface Dialect extends Surface {
  /** Whether a request path (no query) belongs to this dialect. */
  owns(path: string): boolean;
  /** The dialect's error body for an `ApiError` (the HTTP status is the error's). */
  renderError(error: ApiError): unknown;
}

export function isDialect(surface: Surface): surface is Dialect {
  return 'owns' in surface && 'renderError' in surface;
}
