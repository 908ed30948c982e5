import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { withEventOrigin } from '../../core/event-origin.js';
import type { SharedRedis } from '../../redis/redis-connection.js';
import { type ClientRateLimit, MemoryClientRateLimit, RedisClientRateLimit } from './client-rate-limit.js';
import { type EmailDeps, type IngestResult, ingestEmail } from './ingest.js';
import { parseEmail } from './parse.js';
import { smtpError } from './smtp-error.js';

const SMTP_ORIGIN = Object.freeze({ surface: 'email', operation: 'email.smtpInbound' });

export interface SmtpListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM key and certificate: STARTTLS is offered only with both. */
  tls?: { key: Buffer | string; cert: Buffer | string };
  /** Largest message in bytes (advertised with `SIZE`). Default 25 MiB. */
  maxMessageBytes?: number;
  /** Most recipients of one message. Default 50. */
  maxRecipients?: number;
  /** Connections per client address per window. Default 60 per minute. */
  rateLimit?: { max: number; windowMs: number };
  /** Count the rate limit in this Redis (shared by every instance) instead of in the process. */
  redis?: SharedRedis;
  /** Called for every stored (or refused) message: logs and tests. */
  onIngest?: (result: IngestResult[], error?: unknown) => void;
  /** The server name in the greeting. Default `deskwire`. */
  name?: string;
}

export const SMTP_DEFAULTS = Object.freeze({
  maxMessageBytes: 25 * 1024 * 1024,
  maxRecipients: 50,
  rateLimit: Object.freeze({ max: 60, windowMs: 60_000 }),
});

export interface SmtpListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The inbound SMTP listener (smtp-server). Recipients are checked at `RCPT TO` against the tenants'
 * inbound addresses (550 for unknown ones); the message is parsed (mailparser) and stored for every
 * tenant it is addressed to, and only then answered 250. A failure to store answers 451, so the
 * sending MTA keeps the message and retries.
 */
export async function startSmtpListener(deps: EmailDeps, options: SmtpListenerOptions): Promise<SmtpListener> {
  const maxBytes = options.maxMessageBytes ?? SMTP_DEFAULTS.maxMessageBytes;
  const maxRecipients = options.maxRecipients ?? SMTP_DEFAULTS.maxRecipients;
  const rate = options.rateLimit ?? SMTP_DEFAULTS.rateLimit;
  const limiter: ClientRateLimit = options.redis
    ? new RedisClientRateLimit(options.redis, rate.max, rate.windowMs)
    : new MemoryClientRateLimit(rate.max, rate.windowMs);
  const server = new SMTPServer({
    name: options.name ?? 'deskwire',
    banner: 'Deskwire ESMTP',
    size: maxBytes,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls && { key: options.tls.key, cert: options.tls.cert }),
    logger: false,
    onConnect(session, callback) {
      limiter.take(session.remoteAddress).then(
        (allowed) =>
          callback(allowed ? null : smtpError(421, 'Too many connections from your address, try again later')),
        // Redis down: refuse for now (the MTA retries) rather than stop limiting.
        () => callback(smtpError(421, 'Temporary failure, try again later')),
      );
    },
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= maxRecipients) {
        callback(smtpError(452, `Too many recipients (at most ${maxRecipients})`));
        return;
      }
      deps.storage.email.mailboxOwner(address.address.toLowerCase()).then(
        (orgId) => callback(orgId === undefined ? smtpError(550, `No such mailbox: ${address.address}`) : null),
        () => callback(smtpError(451, 'Temporary failure, try again later')),
      );
    },
    onData(stream, session, callback) {
      receive(stream, session, deps, maxBytes).then(
        (results) => {
          options.onIngest?.(results);
          callback(null, 'Message stored');
        },
        (error: unknown) => {
          options.onIngest?.([], error);
          const code = (error as { responseCode?: number }).responseCode;
          callback(code ? (error as Error) : smtpError(451, 'Could not store the message, try again later'));
        },
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Connection-level errors (a client resetting) are the client's problem, never a crash.
  server.on('error', () => {});
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function receive(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  deps: EmailDeps,
  maxBytes: number,
): Promise<IngestResult[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) throw smtpError(552, `Message exceeds the size limit of ${maxBytes} bytes`);
  const raw = Buffer.concat(chunks);
  const email = await parseEmail(raw);
  const tenants = new Set<number>();
  for (const rcpt of session.envelope.rcptTo) {
    const orgId = await deps.storage.email.mailboxOwner(rcpt.address.toLowerCase());
    if (orgId !== undefined) tenants.add(orgId);
  }
  const mailFrom = session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address;
  const results: IngestResult[] = [];
  for (const orgId of tenants) {
    // The events this message causes name the mail channel as their origin (docs/webhooks.md).
    results.push(await withEventOrigin(SMTP_ORIGIN, () => ingestEmail(orgId, raw, email, mailFrom, deps)));
  }
  return results;
}
