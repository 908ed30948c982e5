import type { NativeJournalView } from '@deskwire/wire';
import { Fragment, useEffect, useId, useState } from 'react';
import { ApiCallError } from '../../api/http-client.js';
import type { JournalFilters } from '../../api/native-api.js';
import { useDebounced } from '../../hooks/use-debounced.js';
import { useDesk } from '../../session.js';
import { formatTime } from '../../tenant-data.js';

type Entry = NativeJournalView['requests'][number];

/** How often the journal is read for new entries while the page is open and live. */
const TAIL_MS = 1500;
/** Entries kept on screen; older ones fall off the bottom. */
const KEEP = 300;
const STATUSES = ['', '2xx', '4xx', '5xx', '0'] as const;

/**
 * The sandbox's request journal for this tenant (Admin, sandbox on): every API call the tenant's keys and
 * tokens made (never the console's own), newest first, tailed live with the journal's `after` cursor. A row opens to everything
 * the journal keeps of the request (never headers or bodies; credentials in the URL already redacted).
 */
export function JournalAdmin() {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const id = useId();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [live, setLive] = useState(true);
  const [open, setOpen] = useState<number | undefined>();
  const [operation, setOperation] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [error, setError] = useState<string | undefined>();
  const operationFilter = useDebounced(operation.trim(), 300);

  useEffect(() => {
    let stopped = false;
    let cursor: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setEntries([]);
    const filters: JournalFilters = {
      ...(operationFilter !== '' && { operation: operationFilter }),
      ...(status !== '' && { status }),
    };
    const read = async (): Promise<void> => {
      try {
        const page = await api.journal(orgId, {
          ...filters,
          ...(cursor === undefined ? { limit: String(KEEP) } : { after: String(cursor) }),
        });
        if (stopped) return;
        cursor = page.cursor;
        setError(undefined);
        if (page.requests.length > 0) setEntries((shown) => [...page.requests, ...shown].slice(0, KEEP));
      } catch (failure) {
        if (!stopped) setError(failure instanceof ApiCallError ? failure.message : String(failure));
      }
      if (!stopped && live) timer = setTimeout(() => void read(), TAIL_MS);
    };
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, orgId, operationFilter, status, live]);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Request journal</h1>
      <p className="muted">
        The API calls made with this tenant&apos;s keys and tokens, newest first (the console&apos;s own calls are left
        out). Bodies and headers are never kept; credentials in a URL are redacted.
      </p>
      <div className="inline-form">
        <label htmlFor={`${id}-operation`}>Operation</label>
        <input
          id={`${id}-operation`}
          value={operation}
          placeholder="lsq.getTicket"
          onChange={(event) => setOperation(event.target.value)}
        />
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(event) => setStatus(event.target.value as (typeof STATUSES)[number])}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === '' ? 'any' : s === '0' ? 'dropped' : s}
            </option>
          ))}
        </select>
        <button type="button" aria-pressed={live} onClick={() => setLive((on) => !on)}>
          {live ? 'Pause live updates' : 'Resume live updates'}
        </button>
      </div>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <output className="block muted small">
        {entries.length === 0 ? 'No requests yet.' : `${entries.length} request(s) shown${live ? ', live' : ''}.`}
      </output>
      <table className="admin-table">
        <caption className="sr-only">Requests, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Method</th>
            <th scope="col">Path</th>
            <th scope="col">Status</th>
            <th scope="col">Latency</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <Fragment key={entry.id}>
              <tr>
                <td>
                  <time dateTime={entry.at}>{formatTime(entry.at)}</time>
                </td>
                <td>{entry.method}</td>
                <td>
                  <code>{entry.path}</code>
                </td>
                <td className={entry.status === 0 || entry.status >= 500 ? 'status-bad' : undefined}>
                  {entry.status === 0 ? 'dropped' : entry.status}
                </td>
                <td>{entry.latencyMs} ms</td>
                <td>
                  <button
                    type="button"
                    aria-expanded={open === entry.id}
                    aria-controls={`${id}-entry-${entry.id}`}
                    onClick={() => setOpen((shown) => (shown === entry.id ? undefined : entry.id))}
                  >
                    Details<span className="sr-only"> of request {entry.id}</span>
                  </button>
                </td>
              </tr>
              {open === entry.id && (
                <tr className="journal-details" id={`${id}-entry-${entry.id}`}>
                  <td colSpan={6}>
                    <dl className="facts">
                      <dt>Request</dt>
                      <dd>{entry.id}</dd>
                      <dt>Operation</dt>
                      <dd>{entry.operation ?? '—'}</dd>
                      <dt>Arrived</dt>
                      <dd>{entry.at}</dd>
                      <dt>Request size</dt>
                      <dd>{entry.requestBytes === null ? '—' : `${entry.requestBytes} bytes`}</dd>
                      <dt>Response size</dt>
                      <dd>{entry.responseBytes === null ? '—' : `${entry.responseBytes} bytes`}</dd>
                      <dt>Fault rule</dt>
                      <dd>{entry.faultId ?? 'none'}</dd>
                    </dl>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}
