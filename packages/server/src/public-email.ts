/**
 * @deskwire/server/email: The email channel (docs/email.md): inbound addresses and settings, the SMTP
 * listener, the IMAP poller, parsing and threading, replies and their sender.
 * @module
 */
export { type EmailChannel, type EmailChannelOptions, startEmailChannel } from './channels/email/email-channel.js';
export { emailDepsFor } from './channels/email/email-deps.js';
export { smtpPortOf } from './channels/email/email-surface.js';
export { ImapPoller, type ImapPollerOptions, PROCESSED_KEYWORD } from './channels/email/imap-poller.js';
export { type EmailDeps, type IngestResult, ingestEmail } from './channels/email/ingest.js';
export { SMTP_DEFAULTS, type SmtpListenerOptions } from './channels/email/listener.js';
export { MessageIdSigner } from './channels/email/message-id.js';
export { parseEmail } from './channels/email/parse.js';
export { type QueuedReply, type ReplyInput, replyToCustomer } from './channels/email/reply.js';
export { ReplySender, type ReplySenderOptions, SENDER_DEFAULTS } from './channels/email/sender.js';
export type { EmailServerOptions } from './config.js';
export { DEFAULT_EMAIL_SETTINGS } from './core/domain.js';
export {
  addMailbox,
  listMailboxes,
  redactEmailSettings,
  removeMailbox,
  updateEmailSettings,
} from './core/manage-mailboxes.js';
