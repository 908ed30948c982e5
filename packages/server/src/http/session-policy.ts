import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../core/agent-sessions.js';
import type { ResolvedServerOptions } from './server-options.js';

/** The session lifetimes of this server (`ServerOptions.sessions`), for every surface that takes sessions. */
export function sessionPolicyOf(options: Pick<ResolvedServerOptions, 'sessions'>): SessionPolicy {
  const s = options.sessions;
  return {
    idleMs: s?.idleSeconds !== undefined ? s.idleSeconds * 1000 : DEFAULT_SESSION_POLICY.idleMs,
    maxMs: s?.maxSeconds !== undefined ? s.maxSeconds * 1000 : DEFAULT_SESSION_POLICY.maxMs,
  };
}
