import type { TicketListItem } from '@deskwire/wire';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { TicketFilters } from '../api/native-api.js';
import { Snippet } from '../components/Snippet.js';
import { useDebounced } from '../hooks/use-debounced.js';
import { current, useLoad } from '../hooks/use-load.js';
import { useLive } from '../live/live-context.js';
import { useDesk } from '../session.js';
import { formatTime, lookupValues, openStatuses, userName } from '../tenant-data.js';
import { go } from './Workspace.js';

export const VIEWS = ['mine', 'unassigned', 'all', 'trash'] as const;
export type ViewName = (typeof VIEWS)[number];

const VIEW_LABELS: Record<ViewName, string> = {
  mine: 'My open',
  unassigned: 'Unassigned',
  all: 'All',
  trash: 'Trash',
};

/** Counts are read as one page of up to this many tickets: beyond it the view shows "100+". */
const COUNT_LIMIT = 100;
const SEARCH_DEBOUNCE_MS = 250;

/** A load that waits for something else: it settles only when its run is superseded (aborted). */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

function viewFilters(view: ViewName, open: string[]): TicketFilters {
  const status = open.length > 0 ? open.join(',') : undefined;
  switch (view) {
    case 'mine':
      return { mine: 'true', ...(status && { status }) };
    case 'unassigned':
      return { unassigned: 'true', ...(status && { status }) };
    case 'trash':
      return { trashed: 'true' };
    default:
      return {};
  }
}

/**
 * The queue: saved views with counts, status and priority filters, search as you type, and keyboard
 * navigation (j/k to move, Enter to open, / to search). It refetches on every live event.
 */
export function QueuePage({ view }: { view: ViewName }) {
  const { api, session, navigate } = useDesk();
  const orgId = session.tenant.orgId;
  const live = useLive();
  const id = useId();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [extra, setExtra] = useState<TicketListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const [restored, setRestored] = useState<string | undefined>();
  const searchBox = useRef<HTMLInputElement>(null);
  const rows = useRef<(HTMLAnchorElement | null)[]>([]);
  const q = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);

  const tenant = useLoad(
    async (signal) => {
      const [lookups, users] = await Promise.all([api.lookups(orgId, signal), api.users(orgId, signal)]);
      return { lookups: lookups.lookups, users: users.users };
    },
    [orgId],
  );
  const data = current(tenant);
  const open = data ? openStatuses(data.lookups) : [];
  const openKey = open.join(',');

  const filtersFor = useCallback(
    (name: ViewName): TicketFilters => {
      const base = viewFilters(name, openKey === '' ? [] : openKey.split(','));
      return {
        ...base,
        ...(status !== '' && { status }),
        ...(priority !== '' && { priority }),
      };
    },
    [openKey, status, priority],
  );

  // "All" and "Trash" do not depend on the tenant's statuses: they load at once, and only the views that
  // filter by open statuses (and the counts) wait for the lookups. No request is made twice at start.
  const needsOpen = view === 'mine' || view === 'unassigned';
  const ready = data !== undefined;
  const page = useLoad(
    (signal) => {
      if (needsOpen && !ready) return untilAborted(signal);
      const filters = { ...filtersFor(view), limit: '25' };
      return q === '' ? api.listTickets(orgId, filters, signal) : api.searchTickets(orgId, q, filters, signal);
    },
    [orgId, view, q, status, priority, needsOpen ? openKey : '', needsOpen && ready, live.version],
  );
  const counts = useLoad(
    async (signal) => {
      if (!ready) return untilAborted(signal);
      const entries = await Promise.all(
        VIEWS.map(async (name) => {
          const result = await api.listTickets(orgId, { ...filtersFor(name), limit: String(COUNT_LIMIT) }, signal);
          const count = result.tickets.length;
          return [name, result.nextCursor === null ? String(count) : `${COUNT_LIMIT}+`] as const;
        }),
      );
      return Object.fromEntries(entries) as Record<ViewName, string>;
    },
    [orgId, filtersFor, ready, live.version],
  );

  const first = current(page);
  // A new first page (new view, filter, search, or a live refresh) drops the extra pages loaded before.
  useEffect(() => {
    setExtra([]);
    setCursor(first?.nextCursor ?? null);
  }, [first]);
  const tickets = useMemo(() => [...(first?.tickets ?? []), ...extra], [first, extra]);
  const selectedIndex = Math.min(selected, Math.max(tickets.length - 1, 0));

  const loadMore = async (): Promise<void> => {
    if (cursor === null) return;
    const next =
      q === ''
        ? await api.listTickets(orgId, { ...filtersFor(view), limit: '25', cursor })
        : await api.searchTickets(orgId, q, { ...filtersFor(view), limit: '25', cursor });
    setExtra((rows) => [...rows, ...next.tickets]);
    setCursor(next.nextCursor);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      const typing = target !== null && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (event.key === '/' && !typing) {
        event.preventDefault();
        searchBox.current?.focus();
        return;
      }
      if (typing) {
        if (event.key === 'Escape') target?.blur();
        return;
      }
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const next = Math.max(0, Math.min(tickets.length - 1, selectedIndex + (event.key === 'j' ? 1 : -1)));
        setSelected(next);
        rows.current[next]?.focus();
      } else if (event.key === 'Enter' && target?.tagName !== 'A' && target?.tagName !== 'BUTTON') {
        const ticket = tickets[selectedIndex];
        if (ticket) navigate(`tickets/${ticket.number}`);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [tickets, selectedIndex, navigate]);

  const countValues = current(counts);
  const users = data?.users ?? [];
  // Restoring is an Admin's (as trashing is): in the Trash view each row gets the button.
  const canRestore = view === 'trash' && session.user.role === 'Admin';
  const [restoreError, setRestoreError] = useState<string | undefined>();
  const restore = (ticket: TicketListItem): void => {
    setRestoreError(undefined);
    api.restore(orgId, String(ticket.number)).then(
      () => {
        setRestored(`Ticket ${ticket.number} restored.`);
        live.refresh();
      },
      (error: unknown) => setRestoreError(error instanceof Error ? error.message : String(error)),
    );
  };
  return (
    <div className="queue">
      <nav aria-label="Views" className="views">
        <h2 className="sr-only">Views</h2>
        <ul>
          {VIEWS.map((name) => (
            <li key={name}>
              <a
                href={`/console/views/${name}`}
                aria-current={name === view ? 'page' : undefined}
                onClick={go(navigate, `views/${name}`)}
              >
                <span>{VIEW_LABELS[name]}</span>
                <span className="count">
                  {countValues?.[name] ?? '…'}
                  <span className="sr-only"> tickets</span>
                </span>
              </a>
            </li>
          ))}
        </ul>
        <p className="muted small">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches.
        </p>
      </nav>
      <section className="queue-main" aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{VIEW_LABELS[view]}</h1>
        <search className="filters">
          <div className="filter">
            <label htmlFor={`${id}-q`}>Search</label>
            <input
              id={`${id}-q`}
              ref={searchBox}
              type="search"
              value={query}
              placeholder="Words, #number, email or phone"
              onChange={(event) => setQuery(event.target.value)}
            />
          </div>
          <div className="filter">
            <label htmlFor={`${id}-status`}>Status</label>
            <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">{view === 'mine' || view === 'unassigned' ? 'Any open' : 'Any'}</option>
              {lookupValues(data?.lookups ?? [], 'Status').map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          </div>
          <div className="filter">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select id={`${id}-priority`} value={priority} onChange={(event) => setPriority(event.target.value)}>
              <option value="">Any</option>
              {lookupValues(data?.lookups ?? [], 'Priority').map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          </div>
        </search>
        <p className="muted small" aria-live="polite">
          {page.state === 'loading' && first === undefined
            ? 'Loading tickets…'
            : `${tickets.length}${cursor !== null ? '+' : ''} ticket${tickets.length === 1 ? '' : 's'}${q !== '' ? ` matching “${q}”` : ''}`}
        </p>
        {restored !== undefined && view === 'trash' && <output className="notice block">{restored}</output>}
        {restoreError !== undefined && (
          <p role="alert" className="error">
            {restoreError}
          </p>
        )}
        {page.state === 'failed' && (
          <p role="alert" className="error">
            {page.message}
          </p>
        )}
        <table className="tickets">
          <caption className="sr-only">Tickets in {VIEW_LABELS[view]}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Priority</th>
              <th scope="col">Assignee</th>
              <th scope="col">Updated</th>
              {canRestore && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket, index) => (
              <tr
                key={ticket.id}
                className={index === selectedIndex ? 'selected' : undefined}
                data-ticket={ticket.number}
              >
                <td>{ticket.number}</td>
                <td>
                  <a
                    ref={(element) => {
                      rows.current[index] = element;
                    }}
                    href={`/console/tickets/${ticket.number}`}
                    onClick={go(navigate, `tickets/${ticket.number}`)}
                    onFocus={() => setSelected(index)}
                  >
                    {ticket.title ?? '(no title)'}
                  </a>
                  {ticket.snippet != null && (
                    <div>
                      <Snippet html={ticket.snippet} />
                    </div>
                  )}
                </td>
                <td>{ticket.status ?? ''}</td>
                <td>{ticket.priority ?? ''}</td>
                <td>{userName(users, ticket.assignee)}</td>
                <td>
                  <time dateTime={ticket.updatedAt}>{formatTime(ticket.updatedAt)}</time>
                </td>
                {canRestore && (
                  <td>
                    <button type="button" onClick={() => restore(ticket)}>
                      Restore<span className="sr-only"> ticket {ticket.number}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {tickets.length === 0 && page.state !== 'loading' && <p className="muted">No tickets here.</p>}
        {cursor !== null && (
          <button type="button" onClick={() => void loadMore()}>
            Load more
          </button>
        )}
      </section>
    </div>
  );
}
