import { NATIVE_CONFIG_OPERATIONS } from './native/config-operations.js';
import { NATIVE_PRESENCE_OPERATIONS } from './native/presence-operations.js';
import { NATIVE_SESSION_OPERATIONS } from './native/session-operations.js';
import { NATIVE_TENANT_SANDBOX_OPERATIONS } from './native/tenant-sandbox-operations.js';
import { NATIVE_TICKET_OPERATIONS } from './native/tickets-operations.js';
import { NATIVE_USER_OPERATIONS } from './native/users-operations.js';
import type { NativeOperation } from './operation.js';

export { NATIVE_BASE_PATH } from './native/native-paths.js';

/**
 * Deskwire's own API (`/api/v1`, docs/api.md): what a person does at a desk, for the console, scripts,
 * the SDK's `DeskwireClient` and the CLI. Every operation but signing in takes either the LeadSquared
 * key pair or an agent session (cookie, plus the CSRF header on writes). The server's routes, the
 * client's table and the OpenAPI document are all read from this table; its parts live in `native/`,
 * one file per group of routes, in the order the OpenAPI document lists them.
 */
export const NATIVE_OPERATIONS = {
  ...NATIVE_SESSION_OPERATIONS,
  ...NATIVE_TICKET_OPERATIONS,
  ...NATIVE_USER_OPERATIONS,
  ...NATIVE_CONFIG_OPERATIONS,
  ...NATIVE_PRESENCE_OPERATIONS,
  ...NATIVE_TENANT_SANDBOX_OPERATIONS,
} as const satisfies Record<string, NativeOperation>;

/** The catalogue as a list, in table order. */
export const NATIVE_OPERATION_LIST: readonly NativeOperation[] = Object.freeze(Object.values(NATIVE_OPERATIONS));
