import type { SessionPolicy } from '../core/agent-sessions.js';
import type { SignInThrottle } from '../core/sign-in-throttle.js';
import type { PresenceStore } from '../core/ticket-presence.js';
import type { Deskwire } from '../deskwire.js';
import type { ResolvedServerOptions } from '../http/server-options.js';
import type { SignedUrls } from '../http/signed-urls.js';
import type { Sandbox } from '../sandbox/install-sandbox.js';

/** What every /api/v1 route group needs. */
export interface NativeContext {
  deskwire: Deskwire;
  options: ResolvedServerOptions;
  urls: SignedUrls;
  sessionPolicy: SessionPolicy;
  throttle: SignInThrottle;
  /** Ticket presence: this process's, or every instance's in Redis. */
  presence: PresenceStore;
  /** The sandbox's journal and fault rules when the sandbox is on. */
  sandbox: () => Sandbox | undefined;
}
