import type { User } from './domain.js';
import type { Repositories } from './store.js';

/** Name of the per-tenant user that tickets opened by email are created by. */
export const EMAIL_CHANNEL_USER_NAME = 'Email channel';

/** The tenant's email-channel user, created on first use (as Kapture's token user is). */
export async function emailChannelUser(
  orgId: number,
  tx: Repositories,
  deps: { now: () => Date; newId: () => string },
): Promise<User> {
  const existing = (await tx.users.list(orgId)).find((u) => u.name === EMAIL_CHANNEL_USER_NAME);
  if (existing) return existing;
  const user: User = { id: deps.newId(), orgId, name: EMAIL_CHANNEL_USER_NAME, email: null, role: 'Agent' };
  await tx.users.create(user, deps.now());
  return user;
}
