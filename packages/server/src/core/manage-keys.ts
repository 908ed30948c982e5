import { ApiError } from '../errors/api-error.js';
import { accessKeyId, generateKeyPair, hashSecret } from '../security/secret-hash.js';
import type { CoreDeps } from './deps.js';
import type { Role, User } from './domain.js';
import { emitEvent } from './emit-event.js';

export interface CreateApiKeyInput {
  orgId: number;
  /** Add the key to this existing user; otherwise a new user is created with `role` and `name`. */
  userId?: string;
  role?: Role;
  name?: string;
  email?: string | null;
}

/** Issues a key pair to a user of the tenant. The secret is returned once and stored only as a hash. */
export async function createApiKey(
  input: CreateApiKeyInput,
  deps: CoreDeps,
): Promise<{ user: User; accessKey: string; secretKey: string }> {
  const now = deps.now();
  const keys = generateKeyPair();
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.tenants.get(input.orgId)))
      throw new ApiError('ValidationError', `tenant ${input.orgId} does not exist`);
    let user: User | undefined;
    if (input.userId) {
      user = await tx.users.get(input.orgId, input.userId);
      if (!user) throw new ApiError('ValidationError', `user ${input.userId} does not exist in tenant ${input.orgId}`);
    } else {
      user = {
        id: deps.newId(),
        orgId: input.orgId,
        name: input.name ?? `${input.role ?? 'Agent'} user`,
        email: input.email ?? null,
        role: input.role ?? 'Agent',
      };
      await tx.users.create(user, now);
    }
    await tx.users.createKey(
      { accessKey: keys.accessKey, secretHash: hashSecret(keys.secretKey), userId: user.id, orgId: input.orgId },
      now,
    );
    return { user, ...keys };
  });
}

/** Revokes a key: calls made with it are refused from then on. */
export async function revokeApiKey(input: { orgId: number; accessKey: string }, deps: CoreDeps): Promise<void> {
  await deps.storage.transaction(async (tx) => {
    const now = deps.now();
    if (!(await tx.users.revokeKey(input.orgId, input.accessKey, now))) {
      throw new ApiError('ValidationError', `no active key with that access key in tenant ${input.orgId}`);
    }
    // Named by fingerprint: the access key itself is a credential half and never goes into the log.
    const data = { kind: 'lsq-key', keyId: accessKeyId(input.accessKey) };
    await emitEvent(
      tx,
      { orgId: input.orgId, type: 'key.revoked', at: now, actor: { type: 'system', id: null }, ticket: null, data },
      deps.newId,
    );
  });
}
