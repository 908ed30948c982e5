import type { SandboxOperation } from './operation.js';
import { SANDBOX_TENANT_OPERATIONS } from './sandbox/tenant-operations.js';
import { SANDBOX_TENANT_SETUP_OPERATIONS } from './sandbox/tenant-setup-operations.js';
import { SANDBOX_TRAFFIC_OPERATIONS } from './sandbox/traffic-operations.js';
import { SANDBOX_WEBHOOK_OPERATIONS } from './sandbox/webhook-operations.js';

export { SANDBOX_BASE_PATH } from './sandbox/sandbox-paths.js';

/**
 * The sandbox controls (docs/sandbox.md), on when the server has an admin token. The server's
 * sandbox routes are checked against this table (test/sandbox/sandbox-catalogue.test.ts). Its parts
 * live in `sandbox/`, one file per group, in the order the OpenAPI document lists them.
 */
export const SANDBOX_OPERATIONS = {
  ...SANDBOX_TENANT_OPERATIONS,
  ...SANDBOX_TENANT_SETUP_OPERATIONS,
  ...SANDBOX_TRAFFIC_OPERATIONS,
  ...SANDBOX_WEBHOOK_OPERATIONS,
} as const satisfies Record<string, SandboxOperation>;
