import type { SessionPolicy } from '../core/agent-sessions.js';
import type { SignInThrottle } from '../core/sign-in-throttle.js';
import type { Deskwire } from '../deskwire.js';
import type { ResolvedServerOptions } from '../http/server-options.js';
import type { SignedUrls } from '../http/signed-urls.js';

/** What every /api/v1 route group needs. */
export interface NativeContext {
  deskwire: Deskwire;
  options: ResolvedServerOptions;
  urls: SignedUrls;
  sessionPolicy: SessionPolicy;
  throttle: SignInThrottle;
}
