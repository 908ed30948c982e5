/** Every sandbox control lives under this prefix, which no vendor path can collide with. */
export const SANDBOX_BASE_PATH = '/_deskwire';

/** One tenant's controls. */
export const SANDBOX_TENANT_PATH = `${SANDBOX_BASE_PATH}/tenants/{orgId}`;
