import { useId, useState } from 'react';
import { Composer } from '../components/Composer.js';
import { FieldsForm } from '../components/FieldsForm.js';
import { PresenceNotice } from '../components/PresenceNotice.js';
import { ThreadEntryView } from '../components/ThreadEntryView.js';
import { current, useLoad } from '../hooks/use-load.js';
import { useLive } from '../live/live-context.js';
import { usePresence } from '../presence/use-presence.js';
import { useDesk } from '../session.js';
import { formatTime } from '../tenant-data.js';
import { go } from './Workspace.js';

/**
 * One ticket: its thread (emails in and out, portal messages and internal notes, told apart), who else is on
 * it (a warning when another agent is replying), the composer (email reply or internal note), and beside them the requester, the fields and the attachments. Reloads on
 * every live event, keeping unsaved edits.
 */
export function TicketPage({ ticketRef }: { ticketRef: string }) {
  const { api, session, capabilities, navigate } = useDesk();
  const orgId = session.tenant.orgId;
  const live = useLive();
  const id = useId();
  const [writing, setWriting] = useState(false);
  const others = usePresence(api, orgId, ticketRef, writing ? 'replying' : 'viewing', capabilities.presence);
  const tenant = useLoad(
    async (signal) => {
      const [fields, lookups, users] = await Promise.all([
        api.fields(orgId, signal),
        api.lookups(orgId, signal),
        api.users(orgId, signal),
      ]);
      return { fields: fields.fields, lookups: lookups.lookups, users: users.users };
    },
    [orgId],
  );
  const loaded = useLoad(
    async (signal) => {
      const [ticket, thread] = await Promise.all([
        api.ticket(orgId, ticketRef, signal),
        api.thread(orgId, ticketRef, signal),
      ]);
      return { ticket, thread: thread.entries };
    },
    [orgId, ticketRef, live.version],
  );
  const data = current(loaded);
  const config = current(tenant);
  if (data === undefined) {
    return loaded.state === 'failed' ? (
      <section className="panel" aria-labelledby={`${id}-missing`}>
        <h1 id={`${id}-missing`}>Ticket {ticketRef}</h1>
        <p role="alert" className="error">
          {loaded.message}
        </p>
        <a href="/console/" onClick={go(navigate, '')}>
          Back to the queue
        </a>
      </section>
    ) : (
      <p aria-live="polite">Loading ticket {ticketRef}…</p>
    );
  }
  const { ticket, thread } = data;
  const title = typeof ticket.fields.Title === 'string' ? ticket.fields.Title : '(no title)';
  const ref = String(ticket.number);
  const reload = live.refresh;
  const lead = ticket.lead;
  const attachments = thread.flatMap((entry) => entry.attachments);
  const leadName = lead === null ? undefined : [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email;
  // Authors are user ids (agents) or the lead's id (the customer); anything else is shown as it is.
  const authorName = (authorId: string): string =>
    config?.users.find((u) => u.id === authorId)?.name ?? (lead?.id === authorId ? (leadName ?? 'Customer') : authorId);
  return (
    <div className="ticket">
      <div className="ticket-main">
        <p>
          <a href="/console/" onClick={go(navigate, '')}>
            ← Queue
          </a>
        </p>
        <h1>
          <span className="muted">{ticket.key}</span> {title}
        </h1>
        <p className="muted small">
          Created <time dateTime={ticket.createdAt}>{formatTime(ticket.createdAt)}</time> · updated{' '}
          <time dateTime={ticket.updatedAt}>{formatTime(ticket.updatedAt)}</time>
          {loaded.state === 'failed' && <span role="alert"> · could not refresh: {loaded.message}</span>}
        </p>
        <section aria-labelledby={`${id}-thread`}>
          <h2 id={`${id}-thread`}>Conversation</h2>
          {thread.length === 0 && <p className="muted">No messages yet.</p>}
          <ol className="thread">
            {thread.map((entry) => (
              <li key={`${entry.kind}-${entry.id}`}>
                <ThreadEntryView entry={entry} authorName={authorName} />
              </li>
            ))}
          </ol>
        </section>
        {capabilities.presence && <PresenceNotice agents={others} />}
        <Composer
          canReply={capabilities.replies && lead?.email != null}
          onReply={async (text) => {
            await api.reply(orgId, ref, { text });
            reload();
          }}
          onNote={async (text) => {
            await api.addNote(orgId, ref, { text });
            reload();
          }}
          onWritingChange={setWriting}
        />
      </div>
      <aside className="ticket-side" aria-label="Ticket details">
        <section className="panel" aria-labelledby={`${id}-lead`}>
          <h2 id={`${id}-lead`}>Requester</h2>
          {lead === null ? (
            <p className="muted">No lead.</p>
          ) : (
            <dl className="facts">
              <dt>Name</dt>
              <dd>{[lead.firstName, lead.lastName].filter(Boolean).join(' ') || '—'}</dd>
              <dt>E-mail</dt>
              <dd>{lead.email ?? '—'}</dd>
              <dt>Phone</dt>
              <dd>{lead.phone ?? '—'}</dd>
            </dl>
          )}
        </section>
        {config !== undefined && (
          <FieldsForm
            ticket={ticket}
            fields={config.fields}
            lookups={config.lookups}
            users={config.users}
            onSave={async (changes) => {
              await api.updateFields(orgId, ref, changes);
              reload();
            }}
            onAssign={async (userId) => {
              await api.assign(orgId, ref, userId);
              reload();
            }}
          />
        )}
        <section className="panel" aria-labelledby={`${id}-files`}>
          <h2 id={`${id}-files`}>Attachments</h2>
          {attachments.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="attachments">
              {attachments.map((file) => (
                <li key={file.id}>
                  <a href={file.url} download={file.fileName} rel="noopener noreferrer">
                    {file.fileName}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
        {session.user.role === 'Admin' && (
          <section className="panel" aria-labelledby={`${id}-danger`}>
            <h2 id={`${id}-danger`}>Trash</h2>
            <button
              type="button"
              className="danger"
              onClick={() => void api.trash(orgId, ref).then(() => navigate('views/trash'))}
            >
              Move to trash
            </button>
          </section>
        )}
      </aside>
    </div>
  );
}
