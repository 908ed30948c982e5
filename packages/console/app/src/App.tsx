import { useEffect, useState } from 'react';
import { type Capabilities, loadCapabilities } from './api/capabilities.js';
import { SignInPage } from './pages/SignInPage.js';
import { UnavailablePage } from './pages/UnavailablePage.js';
import { useRoute } from './router.js';

type Load =
  | { state: 'loading' }
  | { state: 'ready'; capabilities: Capabilities }
  | { state: 'failed'; message: string };

/**
 * The console's frame: learns what the server offers, then shows sign-in (or, on a server without the
 * native API, a page that says what is missing instead of controls that cannot work).
 */
export function App() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [route] = useRoute();
  useEffect(() => {
    const controller = new AbortController();
    loadCapabilities(controller.signal).then(
      (capabilities) => setLoad({ state: 'ready', capabilities }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoad({ state: 'failed', message: String(error) });
      },
    );
    return () => controller.abort();
  }, []);

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
        {load.state === 'loading' && <p aria-live="polite">Loading…</p>}
        {load.state === 'failed' && (
          <p role="alert" className="error">
            The console could not reach the server: {load.message}
          </p>
        )}
        {load.state === 'ready' &&
          (load.capabilities.nativeApi ? (
            <SignInPage route={route} />
          ) : (
            <UnavailablePage capabilities={load.capabilities} />
          ))}
      </main>
    </>
  );
}
