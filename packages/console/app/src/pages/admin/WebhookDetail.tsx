import type { DeliveryView, EventType, WebhookView } from '@deskwire/wire';
import { useEffect, useId, useState } from 'react';
import { current, useLoad } from '../../hooks/use-load.js';
import { useLive } from '../../live/live-context.js';
import { useDesk } from '../../session.js';
import { formatTime } from '../../tenant-data.js';
import { OutcomeLine, useOutcome } from './admin-result.js';
import { EventChoices } from './EventChoices.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.js';

/** While a delivery is pending, the log is read again this often (a delivery happens after its event). */
const PENDING_REFRESH_MS = 1000;
const STATUSES = ['pending', 'delivered', 'failed'] as const satisfies readonly DeliveryView['status'][];

/** One endpoint: its event filter (editable) and its delivery log, newest first, each delivery redeliverable. */
export function WebhookDetail({
  webhook,
  onChanged,
  onClose,
}: {
  webhook: WebhookView;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const live = useLive();
  const id = useId();
  const [outcome, run] = useOutcome();
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<'' | DeliveryView['status']>('');
  const [events, setEvents] = useState<EventType[]>(() =>
    WEBHOOK_EVENT_TYPES.filter((type) => webhook.events.includes(type)),
  );
  const loaded = useLoad(
    (signal) => api.deliveries(orgId, webhook.id, status, signal),
    [orgId, webhook.id, status, version, live.version],
  );
  const deliveries = current(loaded)?.deliveries ?? [];
  const pending = deliveries.some((d) => d.status === 'pending');
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new read of the log schedules the next one.
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setVersion((v) => v + 1), PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, deliveries]);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        Endpoint <code>{webhook.id}</code>
      </h2>
      <p>
        <code>{webhook.url}</code> · {webhook.enabled ? 'Enabled' : 'Disabled'}
      </p>
      <OutcomeLine outcome={outcome} />
      <EventChoices legend="Event filter" idPrefix={`${id}-filter`} chosen={events} onChange={setEvents} />
      <button
        type="button"
        onClick={() =>
          void run(async () => {
            await api.updateWebhook(orgId, webhook.id, { events });
            onChanged();
            return 'Event filter saved.';
          })
        }
      >
        Save event filter
      </button>
      <h3 className="log-title">Delivery log</h3>
      <div className="log-filter">
        <label htmlFor={`${id}-status`}>Show deliveries</label>
        <select
          id={`${id}-status`}
          value={status}
          onChange={(event) => setStatus(event.target.value as '' | DeliveryView['status'])}
        >
          <option value="">All</option>
          {STATUSES.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </div>
      <p className="muted small" aria-live="polite">
        {loaded.state === 'loading' && deliveries.length === 0
          ? 'Loading deliveries…'
          : `${deliveries.length} deliver${deliveries.length === 1 ? 'y' : 'ies'}${pending ? ', some pending' : ''}`}
      </p>
      {loaded.state === 'failed' && (
        <p role="alert" className="error">
          {loaded.message}
        </p>
      )}
      <table className="admin-table">
        <caption className="sr-only">Deliveries to {webhook.url}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">HTTP status</th>
            <th scope="col">Latency</th>
            <th scope="col">Last attempt</th>
            <th scope="col">Response</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id} data-delivery={delivery.id}>
              <td>
                {delivery.eventType} <span className="muted small">#{delivery.sequence}</span>
              </td>
              <td>{delivery.status}</td>
              <td>{delivery.attempts}</td>
              <td>{delivery.responseStatus ?? '—'}</td>
              <td>{delivery.latencyMs === null ? '—' : `${delivery.latencyMs} ms`}</td>
              <td>{delivery.lastAttemptAt === null ? '—' : formatTime(delivery.lastAttemptAt)}</td>
              <td>
                <code className="excerpt">{delivery.responseExcerpt ?? ''}</code>
              </td>
              <td className="actions">
                <button
                  type="button"
                  onClick={() =>
                    void run(async () => {
                      const result = await api.redeliver(orgId, webhook.id, delivery.id);
                      setVersion((v) => v + 1);
                      return `Redelivery queued (${result.queued}).`;
                    })
                  }
                >
                  Redeliver
                  <span className="sr-only">
                    {' '}
                    {delivery.eventType} #{delivery.sequence}
                  </span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={() => setVersion((v) => v + 1)}>
          Refresh log
        </button>{' '}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </p>
    </section>
  );
}
