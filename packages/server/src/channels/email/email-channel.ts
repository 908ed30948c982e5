import type { CoreDeps } from '../../core/deps.js';
import { emailDepsFor } from './email-deps.js';
import { ImapPoller, type ImapPollerOptions } from './imap-poller.js';
import type { EmailDeps } from './ingest.js';
import { type SmtpListener, type SmtpListenerOptions, startSmtpListener } from './listener.js';
import { ReplySender, type ReplySenderOptions } from './sender.js';

export interface EmailChannelOptions {
  /** Run the SMTP listener (`deskwire serve --smtp-port`). Default: off. */
  smtp?: SmtpListenerOptions;
  /** Deliver queued replies from this process. Default: on. */
  sender?: ReplySenderOptions | false;
  /** Poll the IMAP sources of the tenants' settings. Default: on. */
  imap?: ImapPollerOptions | false;
}

export interface EmailChannel {
  readonly deps: EmailDeps;
  /** The listener's port, when it runs. */
  readonly smtpPort: number | undefined;
  readonly sender: ReplySender | undefined;
  readonly pollers: readonly ImapPoller[];
  close(): Promise<void>;
}

/** Starts the email surface beside the HTTP dialects: the SMTP listener (if asked) and the reply sender. */
export async function startEmailChannel(deskwire: CoreDeps, options: EmailChannelOptions = {}): Promise<EmailChannel> {
  const deps = await emailDepsFor(deskwire);
  let listener: SmtpListener | undefined;
  if (options.smtp) listener = await startSmtpListener(deps, options.smtp);
  const sender = options.sender === false ? undefined : new ReplySender(deps, options.sender);
  sender?.start();
  const pollers: ImapPoller[] = [];
  if (options.imap !== false) {
    // Read once at start: a tenant's IMAP setting changed later takes effect at the next start.
    for (const { orgId, settings } of await deps.storage.email.imapSources()) {
      if (settings.imap) pollers.push(new ImapPoller(deps, orgId, settings.imap, options.imap));
    }
  }
  for (const poller of pollers) poller.start();
  return {
    deps,
    smtpPort: listener?.port,
    sender,
    pollers,
    close: async () => {
      await listener?.close();
      await sender?.stop();
      await Promise.all(pollers.map((p) => p.stop()));
    },
  };
}
