import type { ApiKey } from './domain.js';
import type { Repositories } from './store.js';
import type { StoredToken, TenantConfigSource, TenantSnapshot } from './tenant-config.js';

/** Most tenants kept; past it the least recently used one is dropped (and read again on its next request). */
export const MAX_CACHED_TENANTS = 1000;
/** Most API keys (and, apart, Kapture tokens) kept per tenant, least recently used dropped first. */
export const MAX_CACHED_KEYS_PER_TENANT = 100;
/** A tenant with more users than this keeps none in its snapshot (full reads list them from the store). */
export const MAX_CACHED_USERS_PER_TENANT = 1000;
/** Most token-id-to-tenant entries kept (a token's tenant never changes; about 100 bytes each). */
export const MAX_CACHED_TOKEN_TENANTS = 10_000;

/** The bounds of one cache (defaults above); past each, the least recently used entry goes first. */
export interface CacheLimits {
  tenants: number;
  keysPerTenant: number;
  tokenTenants: number;
}

const DEFAULT_LIMITS: CacheLimits = {
  tenants: MAX_CACHED_TENANTS,
  keysPerTenant: MAX_CACHED_KEYS_PER_TENANT,
  tokenTenants: MAX_CACHED_TOKEN_TENANTS,
};

interface Entry extends TenantSnapshot {
  /** Verified-to-exist keys of this tenant at this generation; unknown keys are never cached. */
  readonly keys: Map<string, ApiKey>;
  /** Kapture tokens of this tenant at this generation, the same way. */
  readonly tokens: Map<string, StoredToken>;
}

/**
 * Tenant rows, field definitions and API keys kept in memory, checked against the tenant's
 * configuration generation on every call (one primary-key read; triggers in the database move the
 * number on any change, whoever writes: migration 0007). So a change committed by this process,
 * another instance or an admin command is seen by the next request that starts after the commit:
 * the cache never answers with configuration older than its own generation read.
 *
 * A snapshot is read at or after the generation it is labelled with (the generation is read first),
 * so a change that races a reload at worst labels newer data with an older number, and the next
 * request reloads it again. Entries belong to one tenant each and are looked up by org id; a key
 * is cached only under the tenant that owns it.
 */
export class TenantConfigCache implements TenantConfigSource {
  /** Map order is recency order: a hit moves its tenant to the end, eviction takes the front. */
  readonly #entries = new Map<number, Entry>();

  constructor(
    readonly repositories: Pick<
      Repositories,
      'configGenerations' | 'tenants' | 'fields' | 'users' | 'tokens' | 'kapture'
    >,
    limits: Partial<CacheLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  readonly limits: Readonly<CacheLimits>;

  /** Which tenant each recently seen token belongs to: where to look for its snapshot. */
  readonly #tokenTenants = new Map<string, number>();

  /** How many tenants and keys are held (for the soak and tests). */
  get size(): { tenants: number; keys: number; tokenTenants: number } {
    let keys = 0;
    for (const entry of this.#entries.values()) keys += entry.keys.size + entry.tokens.size;
    return { tenants: this.#entries.size, keys, tokenTenants: this.#tokenTenants.size };
  }

  async snapshot(orgId: number, knownGeneration?: number): Promise<TenantSnapshot | undefined> {
    const generation = knownGeneration ?? (await this.repositories.configGenerations.get(orgId));
    const cached = this.#entries.get(orgId);
    if (cached && cached.generation === generation) {
      this.#entries.delete(orgId);
      this.#entries.set(orgId, cached);
      return cached;
    }
    const [tenant, fields, users, kaptureSettings] = await Promise.all([
      this.repositories.tenants.get(orgId),
      this.repositories.fields.listFields(orgId),
      this.repositories.users.list(orgId),
      this.repositories.kapture.getSettings(orgId),
    ]);
    // Unknown tenants are not remembered: any number can be asked for, and memory must stay bounded.
    if (!tenant) {
      this.#entries.delete(orgId);
      return undefined;
    }
    const entry: Entry = {
      generation,
      tenant: Object.freeze(tenant),
      fields: Object.freeze(fields),
      users:
        users.length > MAX_CACHED_USERS_PER_TENANT ? undefined : new Map(users.map((u) => [u.id, Object.freeze(u)])),
      kaptureSettings: Object.freeze(kaptureSettings),
      keys: new Map(),
      tokens: new Map(),
    };
    this.#entries.delete(orgId);
    this.#entries.set(orgId, entry);
    trim(this.#entries, this.limits.tenants);
    return entry;
  }

  async findToken(tokenId: string): Promise<{ snapshot: TenantSnapshot; token: StoredToken } | undefined> {
    let orgId = this.#tokenTenants.get(tokenId);
    if (orgId === undefined) {
      const found = await this.repositories.tokens.find(tokenId);
      if (!found) return undefined;
      orgId = found.record.orgId;
      this.#tokenTenants.set(tokenId, orgId);
      trim(this.#tokenTenants, this.limits.tokenTenants);
    }
    const snapshot = (await this.snapshot(orgId)) as Entry | undefined;
    if (!snapshot) return undefined;
    let token = snapshot.tokens.get(tokenId);
    if (token) {
      snapshot.tokens.delete(tokenId);
    } else {
      // Read after the generation, so a revocation committed since is seen (the first read above only
      // found the tenant, and may be older than the snapshot).
      const found = await this.repositories.tokens.find(tokenId);
      if (!found || found.record.orgId !== orgId) return undefined;
      const user = await this.repositories.users.get(orgId, found.record.userId);
      token = Object.freeze({
        record: Object.freeze(found.record),
        secretHash: found.secretHash,
        user: user && Object.freeze(user),
      });
    }
    snapshot.tokens.set(tokenId, token);
    trim(snapshot.tokens, this.limits.keysPerTenant);
    return { snapshot, token };
  }

  async findKey(snapshot: TenantSnapshot, accessKey: string): Promise<ApiKey | undefined> {
    const keys = (snapshot as Partial<Entry>).keys;
    const cached = keys?.get(accessKey);
    if (cached) {
      keys?.delete(accessKey);
      keys?.set(accessKey, cached);
      return cached;
    }
    const key = await this.repositories.users.findKey(accessKey);
    if (!key || key.user.orgId !== snapshot.tenant.orgId) return undefined;
    if (keys) {
      keys.set(accessKey, Object.freeze({ ...key, user: Object.freeze(key.user) }));
      trim(keys, this.limits.keysPerTenant);
    }
    return key;
  }
}

/** Drops the least recently used entries (the front of the map) past `max`. */
function trim(map: Map<unknown, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
