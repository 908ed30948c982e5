import type { CoreDeps } from '../../core/deps.js';
import { emailDepsFor } from './email-deps.js';
import type { ImapPoller, ImapPollerOptions } from './imap-poller.js';
import { ImapSources } from './imap-sources.js';
import type { EmailDeps } from './ingest.js';
import { type SmtpListener, type SmtpListenerOptions, startSmtpListener } from './listener.js';
import { ReplySender, type ReplySenderOptions } from './sender.js';

export interface EmailChannelOptions {
  /** Run the SMTP listener (`deskwire serve --smtp-port`). Default: off. */
  smtp?: SmtpListenerOptions;
  /** Deliver queued replies from this process. Default: on. */
  sender?: ReplySenderOptions | false;
  /** Poll the IMAP sources of the tenants' settings. Default: on. */
  imap?: (ImapPollerOptions & { refreshMs?: number }) | false;
}

export interface EmailChannel {
  readonly deps: EmailDeps;
  /** The listener's port, when it runs. */
  readonly smtpPort: number | undefined;
  readonly sender: ReplySender | undefined;
  /** The pollers running now (one per tenant with an IMAP source). */
  readonly pollers: readonly ImapPoller[];
  /** Reads the tenants' IMAP settings now (they are also read every `imap.refreshMs`). */
  refreshImapSources(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the email surface beside the HTTP dialects: the SMTP listener (if asked) and the reply sender. */
export async function startEmailChannel(deskwire: CoreDeps, options: EmailChannelOptions = {}): Promise<EmailChannel> {
  const deps = await emailDepsFor(deskwire);
  let listener: SmtpListener | undefined;
  if (options.smtp) listener = await startSmtpListener(deps, options.smtp);
  const sender = options.sender === false ? undefined : new ReplySender(deps, options.sender);
  sender?.start();
  const sources = options.imap === false ? undefined : new ImapSources(deps, options.imap);
  await sources?.start(options.imap === false ? undefined : options.imap?.refreshMs);
  return {
    deps,
    smtpPort: listener?.port,
    sender,
    get pollers() {
      return sources?.pollers ?? [];
    },
    refreshImapSources: async () => {
      await sources?.refresh();
    },
    close: async () => {
      await listener?.close();
      await sender?.stop();
      await sources?.stop();
    },
  };
}
