import { randomBytes } from 'node:crypto';
import { KAP_TOKEN_APIS, type KapTokenApi } from '@deskwire/wire';
import { ApiError } from '../../errors/api-error.js';
import { isAllowed } from '../../security/ip-allowlist.js';
import { hashSecret, secretMatches } from '../../security/secret-hash.js';
import { AuthFailure } from '../auth-failure.js';
import type { Principal } from '../authenticate.js';
import type { CoreDeps } from '../deps.js';
import type { ApiToken, User } from '../domain.js';
import { emitEvent } from '../emit-event.js';

/** The user a token acts as when `token create` names none: one per tenant, shared by its tokens. */
export const DEFAULT_TOKEN_USER_NAME = 'Kapture API';

/** The one message for every token failure (missing, malformed, wrong, revoked, expired, other API, API off). */
export const INVALID_TOKEN = 'Invalid Auth Key';

const TOKEN = /^dwt_([0-9a-f]{16})_([0-9a-f]{64})$/;
const DUMMY_HASH = '0'.repeat(64);

export interface CreateApiTokenInput {
  orgId: number;
  api: KapTokenApi;
  /** When the token stops working; default never. Must be in the future. */
  expiresAt?: Date | null;
  /** The user the token acts as; default the tenant's `Kapture API` user (created on first use). */
  userId?: string;
}

/**
 * Issues a token: `dwt_<16 hex id>_<64 hex secret>`, sent as `Authorization: Basic <token>`. The token
 * is returned once; Deskwire keeps its id and the SHA-256 of its secret.
 */
export async function createApiToken(
  input: CreateApiTokenInput,
  deps: CoreDeps,
): Promise<{ token: string; record: ApiToken; user: User }> {
  if (!KAP_TOKEN_APIS.includes(input.api)) {
    throw new ApiError(
      'ValidationError',
      `api must be one of ${KAP_TOKEN_APIS.join(', ')}, got '${String(input.api)}'`,
    );
  }
  const now = deps.now();
  if (input.expiresAt && Number.isNaN(input.expiresAt.getTime())) {
    throw new ApiError('ValidationError', 'the expiry is not a valid date');
  }
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw new ApiError('ValidationError', `the expiry ${input.expiresAt.toISOString()} is not in the future`);
  }
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('hex');
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.tenants.get(input.orgId))) {
      throw new ApiError('ValidationError', `tenant ${input.orgId} does not exist`);
    }
    let user: User | undefined;
    if (input.userId) {
      user = await tx.users.get(input.orgId, input.userId);
      if (!user) throw new ApiError('ValidationError', `user ${input.userId} does not exist in tenant ${input.orgId}`);
    } else {
      user = (await tx.users.list(input.orgId)).find((u) => u.name === DEFAULT_TOKEN_USER_NAME);
      if (!user) {
        user = { id: deps.newId(), orgId: input.orgId, name: DEFAULT_TOKEN_USER_NAME, email: null, role: 'Agent' };
        await tx.users.create(user, now);
      }
    }
    const record: ApiToken = {
      id,
      orgId: input.orgId,
      api: input.api,
      userId: user.id,
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
    };
    await tx.tokens.create(record, hashSecret(secret));
    return { token: `dwt_${id}_${secret}`, record, user };
  });
}

/** Revokes a token by its public id: calls made with it fail from then on. */
export async function revokeApiToken(input: { orgId: number; tokenId: string }, deps: CoreDeps): Promise<void> {
  await deps.storage.transaction(async (tx) => {
    const now = deps.now();
    if (!(await tx.tokens.revoke(input.orgId, input.tokenId, now))) {
      throw new ApiError('ValidationError', `no active token '${input.tokenId}' in tenant ${input.orgId}`);
    }
    const data = { kind: 'kapture-token', keyId: input.tokenId };
    await emitEvent(
      tx,
      { orgId: input.orgId, type: 'key.revoked', at: now, actor: { type: 'system', id: null }, ticket: null, data },
      deps.newId,
    );
  });
}

/** A tenant's tokens (never their secrets), oldest first. */
export async function listApiTokens(input: { orgId: number }, deps: Pick<CoreDeps, 'storage'>): Promise<ApiToken[]> {
  return (await deps.storage.tokens.list(input.orgId)).map(({ record }) => record);
}

/**
 * Checks a presented token for one API: known, secret matching (constant time, and compared even for an
 * unknown id), not revoked, not expired, issued for this API, its tenant's API switch on. Every such
 * failure is the same `Invalid Auth Key` (Kapture: "either not passed in header, or incorrect, or
 * expired/disabled"). The tenant's IP allowlist applies as to LeadSquared keys.
 */
export async function authenticateToken(
  input: { token: string | undefined; api: KapTokenApi; ip: string },
  deps: Pick<CoreDeps, 'tenantConfig' | 'now'>,
): Promise<Principal> {
  const match = TOKEN.exec(input.token ?? '');
  const found = match?.[1] ? await deps.tenantConfig.findToken(match[1]) : undefined;
  const matches = secretMatches(match?.[2] ?? '', found?.token.secretHash ?? DUMMY_HASH);
  const record = found?.token.record;
  const now = deps.now().getTime();
  const refuse = (reason: AuthFailure['reason']) => new AuthFailure(reason, record?.id, 'Unauthorized', INVALID_TOKEN);
  if (input.token === undefined || input.token === '') throw refuse('missing_credentials');
  if (!match) throw refuse('malformed_credentials');
  if (!found || !record) throw refuse('unknown_key');
  if (!matches) throw refuse('wrong_secret');
  if (record.revokedAt) throw refuse('revoked');
  if (record.expiresAt && record.expiresAt.getTime() <= now) throw refuse('expired');
  if (record.api !== input.api) throw refuse('wrong_api');
  const { tenant } = found.snapshot;
  const { user } = found.token;
  if (!user) throw refuse('unknown_key');
  if (!tenant.apiEnabled) throw refuse('api_disabled');
  if (tenant.ipAllowlist && !isAllowed(input.ip, tenant.ipAllowlist)) {
    throw new AuthFailure(
      'address_not_allowed',
      record.id,
      'IpNotAllowed',
      `Requests from IP address ${input.ip} are not allowed for this account`,
    );
  }
  return { tenant, user, accessKey: record.id, config: found.snapshot };
}
