import { ApiError } from '../errors/api-error.js';
import { generateKeyPair, hashSecret } from '../security/secret-hash.js';
import type { CoreDeps } from './deps.js';
import type { Role, User } from './domain.js';

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
  if (!(await deps.storage.users.revokeKey(input.orgId, input.accessKey, deps.now()))) {
    throw new ApiError('ValidationError', `no active key with that access key in tenant ${input.orgId}`);
  }
}
