import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors/api-error.js';
import { dummyPasswordCheck, MAX_PASSWORD_LENGTH, passwordMatches } from '../security/password-hash.js';
import type { Principal } from './authenticate.js';
import type { CoreDeps } from './deps.js';
import type { AgentSession, UserAccount } from './domain.js';
import { signInTarget } from './sign-in-throttle.js';

/** How long a session lives (docs/api.md "Authentication"). */
export interface SessionPolicy {
  /** Without a call for this long, the session ends. */
  idleMs: number;
  /** After this long from sign-in, the session ends whatever its use. */
  maxMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 2 * 60 * 60_000, maxMs: 12 * 60 * 60_000 };

/** The one message for every failed sign-in: unknown address, wrong password, no password, disabled. */
export const SIGN_IN_FAILED = 'Invalid email or password';

export interface SignedIn {
  /** The session token: the cookie's value, shown once and stored only as a hash. */
  token: string;
  csrfToken: string;
  session: AgentSession;
  principal: Principal;
}

/**
 * Counts sign-in attempts (core/sign-in-throttle.ts) against the account each asks for (`signInTarget`):
 * `attempt` before anything is checked (it throws to refuse), `succeeded` once the session exists.
 */
export interface SignInGuard {
  attempt(account: string): Promise<void>;
  succeeded(account: string): Promise<void>;
}

/**
 * Signs an agent in with email and password. Every failure is the same `Unauthorized` with the same
 * message, and costs one password hash whether or not the address is known.
 */
export async function signIn(
  input: { email: string; password: string; orgId?: number | undefined },
  deps: Pick<CoreDeps, 'storage' | 'tenantConfig' | 'now'>,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  guard?: SignInGuard,
): Promise<SignedIn> {
  const refuse = () => new ApiError('Unauthorized', SIGN_IN_FAILED);
  // Counted before anything is looked up or checked: concurrent guesses each take a place in the budget, and a
  // refused attempt costs no query.
  const target = signInTarget(input);
  await guard?.attempt(target);
  const candidates = (await deps.storage.users.findAccountsByEmail(input.email.trim())).filter(
    (account) => account.passwordHash !== null && (input.orgId === undefined || account.user.orgId === input.orgId),
  );
  const account = candidates.length === 1 ? candidates[0] : undefined;
  if (!account?.passwordHash || input.password.length > MAX_PASSWORD_LENGTH) {
    await dummyPasswordCheck(input.password.slice(0, MAX_PASSWORD_LENGTH));
    throw refuse();
  }
  if (!(await passwordMatches(input.password, account.passwordHash)) || account.disabledAt !== null) throw refuse();
  const snapshot = await deps.tenantConfig.snapshot(account.user.orgId);
  if (!snapshot) throw refuse();
  const token = randomBytes(32).toString('base64url');
  const now = deps.now();
  const session: AgentSession = {
    tokenHash: hashToken(token),
    orgId: account.user.orgId,
    userId: account.user.id,
    createdAt: now,
    lastUsedAt: now,
    idleExpiresAt: new Date(now.getTime() + policy.idleMs),
    expiresAt: new Date(now.getTime() + policy.maxMs),
  };
  // Expired rows are deleted when met (resolveSession) and, so that abandoned ones do not pile up, here.
  await deps.storage.sessions.deleteExpired(now);
  await deps.storage.sessions.create(session);
  await guard?.succeeded(target);
  return { token, csrfToken: csrfTokenFor(token), session, principal: sessionPrincipal(account, snapshot, session) };
}

/**
 * The principal of a session token, or `undefined` when it names no live session (unknown, expired,
 * its user disabled or gone). A use moves the idle expiry forward; an expired row is deleted.
 */
export async function resolveSession(
  token: string,
  deps: Pick<CoreDeps, 'storage' | 'tenantConfig' | 'now'>,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<Principal | undefined> {
  const tokenHash = hashToken(token);
  const session = await deps.storage.sessions.find(tokenHash);
  if (!session) return undefined;
  const now = deps.now();
  if (now >= session.expiresAt || now >= session.idleExpiresAt) {
    await deps.storage.sessions.delete(tokenHash);
    return undefined;
  }
  const [account, snapshot] = await Promise.all([
    deps.storage.users.getAccount(session.orgId, session.userId),
    deps.tenantConfig.snapshot(session.orgId),
  ]);
  if (!account || account.disabledAt !== null || !snapshot) return undefined;
  const idleExpiresAt = new Date(Math.min(now.getTime() + policy.idleMs, session.expiresAt.getTime()));
  await deps.storage.sessions.touch(tokenHash, now, idleExpiresAt);
  return sessionPrincipal(account, snapshot, { ...session, lastUsedAt: now, idleExpiresAt });
}

/**
 * Whether the session of this token is still in force (not signed out, not expired, its user not
 * disabled: disabling deletes the sessions). Unlike `resolveSession` it does not count as use: a
 * long-lived read such as the event stream must not keep an idle session alive.
 */
export async function sessionInForce(token: string, deps: Pick<CoreDeps, 'storage' | 'now'>): Promise<boolean> {
  const session = await deps.storage.sessions.find(hashToken(token));
  const now = deps.now();
  return session !== undefined && now < session.expiresAt && now < session.idleExpiresAt;
}

/** Ends the session of this token; whether there was one. */
export async function signOut(token: string, deps: Pick<CoreDeps, 'storage'>): Promise<boolean> {
  return deps.storage.sessions.delete(hashToken(token));
}

/**
 * The session's CSRF token: derived from the session token by a one-way hash, so it needs no storage,
 * changes with every sign-in, and reveals nothing of the cookie it is bound to.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`deskwire-csrf:${sessionToken}`, 'utf8').digest('base64url');
}

/** Compares a presented CSRF token with the session's in constant time. */
export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(csrfTokenFor(sessionToken), 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function sessionPrincipal(
  account: UserAccount,
  snapshot: NonNullable<Principal['config']>,
  session: AgentSession,
): Principal {
  return {
    tenant: snapshot.tenant,
    user: account.user,
    // The rate limiter and the request log key on this: one budget per signed-in user, never the token.
    accessKey: `session:${account.user.id}`,
    config: snapshot,
    session: { expiresAt: session.expiresAt, idleExpiresAt: session.idleExpiresAt },
  };
}
