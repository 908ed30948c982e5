import type { EventType, WebhookView } from '@deskwire/wire';
import { type FormEvent, useId, useState } from 'react';
import { current, useLoad } from '../../hooks/use-load.js';
import { useDesk } from '../../session.js';
import { formatTime } from '../../tenant-data.js';
import { OutcomeLine, useOutcome } from './admin-result.js';
import { EventChoices } from './EventChoices.js';
import { WebhookDetail } from './WebhookDetail.js';

/**
 * Webhook endpoints of the tenant (Admin): listed without their secrets, added (the signing secret shown
 * this once), enabled or disabled, and deleted; one endpoint at a time opens with its event filter and its
 * delivery log. The API answers an Agent 403, which shows here as the server's message.
 */
export function WebhooksAdmin() {
  const { api, session } = useDesk();
  const orgId = session.tenant.orgId;
  const id = useId();
  const [version, setVersion] = useState(0);
  const [outcome, run] = useOutcome();
  const [secret, setSecret] = useState<string | undefined>();
  const [events, setEvents] = useState<EventType[]>([]);
  const [openId, setOpenId] = useState<string | undefined>();
  // Deleting takes the delivery log with it: the button asks once more, in place.
  const [confirmingId, setConfirmingId] = useState<string | undefined>();
  const loaded = useLoad((signal) => api.webhooks(orgId, signal), [orgId, version]);
  const webhooks = current(loaded)?.webhooks ?? [];
  const refresh = () => setVersion((v) => v + 1);
  const open = webhooks.find((w) => w.id === openId);

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const description = String(data.get('description') ?? '').trim();
    void run(async () => {
      const created = await api.createWebhook(orgId, {
        url: String(data.get('url') ?? '').trim(),
        ...(events.length > 0 && { events }),
        ...(description !== '' && { description }),
      });
      setSecret(created.secret);
      form.reset();
      setEvents([]);
      refresh();
      return `Endpoint ${created.webhook.id} added.`;
    });
  };

  const setEnabled = (webhook: WebhookView, enabled: boolean) =>
    void run(async () => {
      await api.updateWebhook(orgId, webhook.id, { enabled });
      refresh();
      return `Endpoint ${webhook.id} ${enabled ? 'enabled' : 'disabled'}.`;
    });

  const remove = (webhook: WebhookView) =>
    void run(async () => {
      setConfirmingId(undefined);
      await api.deleteWebhook(orgId, webhook.id);
      if (openId === webhook.id) setOpenId(undefined);
      refresh();
      return `Endpoint ${webhook.id} deleted, with its delivery log.`;
    });

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Webhooks</h1>
      <OutcomeLine outcome={outcome} />
      {loaded.state === 'failed' && (
        <p role="alert" className="error">
          {loaded.message}
        </p>
      )}
      {secret !== undefined && (
        <output className="secret block">
          <p>
            Signing secret of the new endpoint. Copy it now and keep it with the receiver: it is shown this once and
            never again.
          </p>
          <p>
            <code data-testid="webhook-secret">{secret}</code>
          </p>
          <button type="button" onClick={() => setSecret(undefined)}>
            I have copied it
          </button>
        </output>
      )}
      <table className="admin-table">
        <caption className="sr-only">Webhook endpoints</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">State</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((webhook) => (
            <tr key={webhook.id} data-webhook={webhook.id}>
              <td>
                <code>{webhook.url}</code>
                {webhook.description !== '' && <div className="muted small">{webhook.description}</div>}
              </td>
              <td>{webhook.events.length === 0 ? 'All' : webhook.events.join(', ')}</td>
              <td>
                {webhook.enabled ? 'Enabled' : 'Disabled'}
                {webhook.disabledReason !== null && <div className="muted small">{webhook.disabledReason}</div>}
              </td>
              <td>{formatTime(webhook.createdAt)}</td>
              <td className="actions">
                <button type="button" aria-expanded={openId === webhook.id} onClick={() => setOpenId(webhook.id)}>
                  Deliveries<span className="sr-only"> of {webhook.url}</span>
                </button>
                <button type="button" onClick={() => setEnabled(webhook, !webhook.enabled)}>
                  {webhook.enabled ? 'Disable' : 'Enable'}
                  <span className="sr-only"> {webhook.url}</span>
                </button>
                {confirmingId === webhook.id ? (
                  <>
                    <button type="button" className="danger" onClick={() => remove(webhook)}>
                      Confirm delete<span className="sr-only"> {webhook.url} and its delivery log</span>
                    </button>
                    <button type="button" onClick={() => setConfirmingId(undefined)}>
                      Keep<span className="sr-only"> {webhook.url}</span>
                    </button>
                  </>
                ) : (
                  <button type="button" className="danger" onClick={() => setConfirmingId(webhook.id)}>
                    Delete<span className="sr-only"> {webhook.url}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {loaded.state !== 'loading' && webhooks.length === 0 && <p className="muted">No endpoints yet.</p>}
      {open !== undefined && (
        <WebhookDetail key={open.id} webhook={open} onChanged={refresh} onClose={() => setOpenId(undefined)} />
      )}
      <form className="inline-form" onSubmit={create} aria-labelledby={`${id}-add`}>
        <h2 id={`${id}-add`}>Add an endpoint</h2>
        <label htmlFor={`${id}-url`}>URL</label>
        <input id={`${id}-url`} name="url" type="url" required placeholder="https://example.com/hooks" />
        <label htmlFor={`${id}-description`}>Description (optional)</label>
        <input id={`${id}-description`} name="description" maxLength={200} />
        <EventChoices legend="Events to deliver" idPrefix={`${id}-new`} chosen={events} onChange={setEvents} />
        <button type="submit">Add endpoint</button>
      </form>
    </section>
  );
}
