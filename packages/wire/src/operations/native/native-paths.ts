/** Deskwire's own API lives under this prefix. */
export const NATIVE_BASE_PATH = '/api/v1';

/** A tenant's part of it: every operation but the session and `me` is scoped to one org id. */
export const NATIVE_TENANT_PATH = `${NATIVE_BASE_PATH}/tenants/{orgId}`;
