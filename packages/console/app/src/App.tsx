import type { SessionView, SignInBody } from '@deskwire/wire';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type Capabilities, loadCapabilities } from './api/capabilities.js';
import { ApiCallError } from './api/http-client.js';
import { NativeApi } from './api/native-api.js';
import { SignInPage } from './pages/SignInPage.js';
import { UnavailablePage } from './pages/UnavailablePage.js';
import { Workspace } from './pages/Workspace.js';
import { useRoute } from './router.js';

type Boot =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'unavailable'; capabilities: Capabilities }
  | { state: 'signed-out'; capabilities: Capabilities; notice?: string }
  | { state: 'signed-in'; capabilities: Capabilities; session: SessionView };

/**
 * The console's frame: learns what the server offers, restores the session (a reload keeps it: the cookie
 * is HttpOnly, so the app asks the server), then shows sign-in or the workspace. Any call that answers 401
 * (the session expired or was ended elsewhere) brings sign-in back with a notice.
 */
export function App() {
  const api = useMemo(() => new NativeApi(), []);
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [route, navigate] = useRoute();

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      // Both at once: the session does not wait for the (large) OpenAPI document.
      const sessionCall = api.currentSession().then(
        (session) => ({ session }),
        (error: unknown) => ({ error }),
      );
      const capabilities = await loadCapabilities(controller.signal);
      if (!capabilities.nativeApi) return setBoot({ state: 'unavailable', capabilities });
      const outcome = await sessionCall;
      if ('session' in outcome) return setBoot({ state: 'signed-in', capabilities, session: outcome.session });
      const { error } = outcome;
      if (error instanceof ApiCallError && error.status === 401) return setBoot({ state: 'signed-out', capabilities });
      // The document lists /api/v1 but this server does not answer it (a build whose catalogue is ahead
      // of its routes, or an older server behind the same proxy): say so rather than fail.
      if (error instanceof ApiCallError && error.status === 404) {
        return setBoot({ state: 'unavailable', capabilities: { ...capabilities, nativeApi: false } });
      }
      throw error;
    })().catch((error: unknown) => {
      if (!controller.signal.aborted) setBoot({ state: 'failed', message: String(error) });
    });
    return () => controller.abort();
  }, [api]);

  useEffect(() => {
    api.http.onSessionEnded = () =>
      setBoot((current) =>
        current.state === 'signed-in'
          ? {
              state: 'signed-out',
              capabilities: current.capabilities,
              notice: 'Your session has ended. Sign in again.',
            }
          : current,
      );
  }, [api]);

  const signIn = useCallback(
    async (body: SignInBody) => {
      const session = await api.signIn(body);
      setBoot((current) => (current.state === 'signed-out' ? { ...current, state: 'signed-in', session } : current));
    },
    [api],
  );
  const signOut = useCallback(async () => {
    await api.signOut().catch(() => undefined);
    setBoot((current) =>
      current.state === 'signed-in' ? { state: 'signed-out', capabilities: current.capabilities } : current,
    );
  }, [api]);

  if (boot.state === 'signed-in') {
    return (
      <Workspace
        api={api}
        session={boot.session}
        capabilities={boot.capabilities}
        route={route}
        navigate={navigate}
        onSignOut={signOut}
      />
    );
  }
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Deskwire</span>
        <span className="top-bar-note">Agent console</span>
      </header>
      <main id="main" tabIndex={-1}>
        {boot.state === 'loading' && <p aria-live="polite">Loading…</p>}
        {boot.state === 'failed' && (
          <p role="alert" className="error">
            The console could not reach the server: {boot.message}
          </p>
        )}
        {boot.state === 'unavailable' && <UnavailablePage capabilities={boot.capabilities} />}
        {boot.state === 'signed-out' && <SignInPage onSignIn={signIn} {...(boot.notice && { notice: boot.notice })} />}
      </main>
    </>
  );
}
