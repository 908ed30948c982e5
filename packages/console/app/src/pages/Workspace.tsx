import type { SessionView } from '@deskwire/wire';
import { useEffect, useMemo, useRef } from 'react';
import type { Capabilities } from '../api/capabilities.js';
import type { NativeApi } from '../api/native-api.js';
import { LiveProvider, useLive } from '../live/live-context.js';
import { type Desk, DeskContext } from '../session.js';
import { AdminPage } from './admin/AdminPage.js';
import { QueuePage, VIEWS, type ViewName } from './QueuePage.js';
import { TicketPage } from './TicketPage.js';

/** How often pages refresh when the server has no event stream (a change elsewhere shows within this). */
export const POLL_MS = 750;

interface Props {
  api: NativeApi;
  session: SessionView;
  capabilities: Capabilities;
  route: string;
  navigate: (to: string) => void;
  onSignOut: () => void;
}

/** The signed-in console: top bar, navigation and the page the route names. */
export function Workspace({ api, session, capabilities, route, navigate, onSignOut }: Props) {
  const desk: Desk = useMemo(() => ({ api, session, capabilities, navigate }), [api, session, capabilities, navigate]);
  const [section, rest = ''] = splitRoute(route);
  const main = useRef<HTMLElement>(null);
  // A page change moves focus to the page (screen readers announce it; Tab starts from the top of it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every route change by design.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [section, rest]);
  const isAdmin = session.user.role === 'Admin';
  return (
    <DeskContext.Provider value={desk}>
      <LiveProvider orgId={session.tenant.orgId} eventsAvailable={capabilities.events} pollMs={POLL_MS}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="top-bar">
          <span className="brand">Deskwire</span>
          <span className="top-bar-note">{session.tenant.name}</span>
          <nav aria-label="Console" className="top-nav">
            <a href="/console/" aria-current={section !== 'admin' ? 'page' : undefined} onClick={go(navigate, '')}>
              Queue
            </a>
            {isAdmin && (
              <a
                href="/console/admin"
                aria-current={section === 'admin' ? 'page' : undefined}
                onClick={go(navigate, 'admin')}
              >
                Admin
              </a>
            )}
          </nav>
          <LiveBadge />
          <span className="top-bar-user">
            {session.user.name} ({session.user.role})
          </span>
          <button type="button" className="top-bar-button" onClick={onSignOut}>
            Sign out
          </button>
        </header>
        <main id="main" tabIndex={-1} ref={main}>
          {section === 'tickets' && rest !== '' ? (
            <TicketPage ticketRef={rest} />
          ) : section === 'admin' && isAdmin ? (
            <AdminPage section={rest} />
          ) : (
            <QueuePage view={viewOf(section, rest)} />
          )}
        </main>
      </LiveProvider>
    </DeskContext.Provider>
  );
}

function LiveBadge() {
  const live = useLive();
  return (
    <span className="live-badge" title="How this page learns about changes made elsewhere">
      {live.transport === 'event-stream' ? 'Live' : 'Auto-refresh'}
    </span>
  );
}

function splitRoute(route: string): [string, string?] {
  const slash = route.indexOf('/');
  return slash === -1 ? [route] : [route.slice(0, slash), route.slice(slash + 1)];
}

function viewOf(section: string, rest: string): ViewName {
  return section === 'views' && (VIEWS as readonly string[]).includes(rest) ? (rest as ViewName) : 'mine';
}

/** An in-app link: plain clicks route without a reload; modified clicks (new tab) stay the browser's. */
export function go(navigate: (to: string) => void, to: string) {
  return (event: React.MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
}
