import {
  addMailbox,
  type EmailChannel,
  type ReplySenderOptions,
  type SmtpListenerOptions,
  startEmailChannel,
} from '@deskwire/server';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DEMO_ORG, startTestServer, type TestServer } from '../helpers/test-server.js';

export const SUPPORT = 'support@edu101.example';

export interface EmailHarness {
  server: TestServer;
  channel: EmailChannel;
  smtpPort: number;
  /** Delivers a raw message over SMTP (real TCP) to the listener; resolves with the server's reply line. */
  deliver(raw: string | Buffer, envelope?: { from?: string; to?: string[] }): Promise<string>;
  close(): Promise<void>;
}

/** A test server (demo tenant 22824 with #143) plus the email channel listening on a free port. */
export async function startEmailHarness(
  options: { smtp?: Partial<SmtpListenerOptions>; sender?: ReplySenderOptions | false; signingKey?: string } = {},
): Promise<EmailHarness> {
  const server = await startTestServer({ logLevel: false });
  await server.unlimit();
  await addMailbox({ orgId: DEMO_ORG, address: SUPPORT }, server.deskwire);
  if (options.signingKey !== undefined) {
    // A fixed key (the corpus's signed ids were made with it), set before the channel reads it.
    await server.deskwire.storage.settings.db
      .updateTable('settings')
      .set({ value: options.signingKey })
      .where('name', '=', 'email_signing_key')
      .execute();
  }
  const channel = await startEmailChannel(server.deskwire, {
    smtp: { host: '127.0.0.1', port: 0, rateLimit: { max: 1_000_000, windowMs: 60_000 }, ...options.smtp },
    sender: options.sender ?? false,
  });
  const smtpPort = channel.smtpPort ?? 0;
  return {
    server,
    channel,
    smtpPort,
    deliver: (raw, envelope) => deliverSmtp(smtpPort, raw, envelope),
    close: async () => {
      await channel.close();
      await server.close();
    },
  };
}

/** One SMTP transaction with nodemailer's client; the envelope defaults to the message's own From/To. */
export async function deliverSmtp(
  port: number,
  raw: string | Buffer,
  envelope: { from?: string; to?: string[] } = {},
): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({
      envelope: { from: envelope.from ?? headerAddress(raw, 'from'), to: envelope.to ?? [SUPPORT] },
      raw,
    });
    return info.response;
  } finally {
    transport.close();
  }
}

function headerAddress(raw: string | Buffer, name: string): string {
  const text = raw.toString();
  const line = new RegExp(`^${name}:(.*)$`, 'im').exec(text)?.[1] ?? '';
  return /<([^>]+)>/.exec(line)?.[1] ?? line.trim();
}

/** A real SMTP server that keeps what it receives: the "customer's mail server" for outbound tests. */
export async function startSmtpSink(options: { failFirst?: number } = {}) {
  const received: Array<{ from: string; to: string[]; raw: Buffer }> = [];
  let failures = options.failFirst ?? 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const port = (sink.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
  };
}

/** A plain customer message. */
export function customerMail(m: {
  from?: string;
  to?: string;
  cc?: string;
  subject: string;
  body: string;
  messageId: string;
  inReplyTo?: string;
  references?: string;
  extraHeaders?: string[];
}): string {
  return [
    `From: ${m.from ?? 'Wim Jansen <wim@customer.example>'}`,
    `To: ${m.to ?? SUPPORT}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    'Date: Wed, 28 Aug 2024 16:06:00 +0530',
    `Message-ID: <${m.messageId}>`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references ? [`References: ${m.references}`] : []),
    ...(m.extraHeaders ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body,
    '',
  ].join('\r\n');
}
