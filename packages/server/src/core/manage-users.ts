import { ApiError } from '../errors/api-error.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../security/password-hash.js';
import type { CoreDeps } from './deps.js';
import type { Role, User, UserAccount } from './domain.js';

/** Refuses a password the API and `deskwire user passwd` would not accept. */
export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new ApiError(
      'ValidationError',
      `A password needs ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
}

function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed))
    throw new ApiError('ValidationError', `'${trimmed.slice(0, 64)}' is not an email address`);
  return trimmed;
}

/**
 * Creates a user of the tenant (`POST /api/v1/…/users`, `deskwire user create`), optionally with a
 * password. An email address names at most one user of a tenant, since it is what they sign in with.
 */
export async function createUser(
  input: { orgId: number; name: string; email: string; role?: Role | undefined; password?: string | undefined },
  deps: CoreDeps,
): Promise<UserAccount> {
  const email = checkEmail(input.email);
  if (input.password !== undefined) checkPassword(input.password);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.tenants.get(input.orgId)))
      throw new ApiError('TenantNotFound', `tenant ${input.orgId} does not exist`);
    const taken = (await tx.users.findAccountsByEmail(email)).some((a) => a.user.orgId === input.orgId);
    if (taken) throw new ApiError('ValidationError', `a user of tenant ${input.orgId} already has the email ${email}`);
    const user: User = { id: deps.newId(), orgId: input.orgId, name: input.name, email, role: input.role ?? 'Agent' };
    await tx.users.create(user, deps.now());
    if (passwordHash !== null) await tx.users.updateAccount(input.orgId, user.id, { passwordHash });
    return { user, passwordHash, disabledAt: null };
  });
}

/** Sets a user's password (`deskwire user passwd`); their existing sessions end. */
export async function setPassword(
  input: { orgId: number; userId: string; password: string },
  deps: CoreDeps,
): Promise<void> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  await deps.storage.transaction(async (tx) => {
    if (!(await tx.users.updateAccount(input.orgId, input.userId, { passwordHash }))) {
      throw new ApiError('NotFound', `no user ${input.userId} in tenant ${input.orgId}`);
    }
    await tx.sessions.deleteForUser(input.orgId, input.userId);
  });
}

/**
 * Changes a user's name or role, or disables them: disabling ends their sessions and revokes their key
 * pairs in the same transaction. An Admin cannot demote or disable themselves (a tenant must keep one
 * Admin who can undo it).
 */
export async function updateUser(
  input: {
    orgId: number;
    actor: User;
    userId: string;
    name?: string | undefined;
    role?: Role | undefined;
    disabled?: boolean | undefined;
  },
  deps: CoreDeps,
): Promise<UserAccount> {
  if (input.userId === input.actor.id && (input.disabled === true || input.role === 'Agent')) {
    throw new ApiError('ValidationError', 'An Admin cannot disable or demote themselves');
  }
  return deps.storage.transaction(async (tx) => {
    const current = await tx.users.getAccount(input.orgId, input.userId);
    if (!current) throw new ApiError('NotFound', `no user ${input.userId} in tenant ${input.orgId}`);
    const now = deps.now();
    const disabledAt = input.disabled === undefined ? undefined : input.disabled ? (current.disabledAt ?? now) : null;
    await tx.users.updateAccount(input.orgId, input.userId, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.role !== undefined && { role: input.role }),
      ...(disabledAt !== undefined && { disabledAt }),
    });
    if (input.disabled === true) {
      await tx.sessions.deleteForUser(input.orgId, input.userId);
      await tx.users.revokeUserKeys(input.orgId, input.userId, now);
    }
    const updated = await tx.users.getAccount(input.orgId, input.userId);
    if (!updated) throw new ApiError('NotFound', `no user ${input.userId} in tenant ${input.orgId}`);
    return updated;
  });
}

/** Finds a user of a tenant by id or (case-insensitive) email, for the CLI. */
export async function findUser(
  input: { orgId: number; user: string },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<UserAccount | undefined> {
  const byId = await deps.storage.users.getAccount(input.orgId, input.user.toLowerCase());
  if (byId) return byId;
  return (await deps.storage.users.findAccountsByEmail(input.user)).find((a) => a.user.orgId === input.orgId);
}
