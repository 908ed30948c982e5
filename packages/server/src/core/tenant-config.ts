import type { ApiKey, ApiToken, Tenant, TicketField, User } from './domain.js';

/**
 * What a request needs of its tenant's configuration, as of one generation of it. The objects are
 * shared between requests (a cache hands out the same snapshot), so they are never mutated.
 */
export interface TenantSnapshot {
  /** The tenant's configuration generation this snapshot was read at (storage/tenant-config-cache.ts). */
  readonly generation: number;
  readonly tenant: Readonly<Tenant>;
  /** Field definitions in display order (`sequence`, then schema name), as `listFields` returns them. */
  readonly fields: readonly TicketField[];
  /**
   * The tenant's users by id (names on full reads); `undefined` for a tenant with more users than a
   * cache keeps (`MAX_CACHED_USERS_PER_TENANT`), whose reads then list them from the store.
   */
  readonly users: ReadonlyMap<string, User> | undefined;
  /** The tenant's stored Kapture settings as kept (`kapture_settings`), `undefined` when never set. */
  readonly kaptureSettings: unknown;
}

/** A Kapture token as stored (the public record and the hash of its secret), with the user it acts as. */
export interface StoredToken {
  readonly record: ApiToken;
  readonly secretHash: string;
  /** `undefined` when the user no longer exists (the token is then refused). */
  readonly user: User | undefined;
}

/**
 * Where authentication and reads get a tenant's configuration and API keys: checked against the store
 * on every call, so what it returns is never older than the request that asks for it.
 */
export interface TenantConfigSource {
  /**
   * The tenant's current configuration, or `undefined` when no such tenant exists. `generation`: the
   * tenant's generation when the caller read it this request (with other versions in one statement);
   * otherwise it is read here.
   */
  snapshot(orgId: number, generation?: number): Promise<TenantSnapshot | undefined>;
  /** An API key of the snapshot's tenant (with its owner), or `undefined` when it is unknown or another tenant's. */
  findKey(snapshot: TenantSnapshot, accessKey: string): Promise<ApiKey | undefined>;
  /** A Kapture token by id, with its tenant's current snapshot; `undefined` when unknown or its tenant is gone. */
  findToken(tokenId: string): Promise<{ snapshot: TenantSnapshot; token: StoredToken } | undefined>;
}
