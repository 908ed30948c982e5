import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleAssetsDir } from '@deskwire/console';
import {
  addMailbox,
  buildApp,
  type Deskwire,
  type EmailChannel,
  openDeskwire,
  seedDemo,
  startEmailChannel,
  updateEmailSettings,
  updateTenant,
} from '@deskwire/server';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export const DEMO_ORG = 22824;
export const SUPPORT = 'support@edu101.example';
/** The demo tenant's published Admin keys (README), as LeadSquared headers. */
export const DEMO_KEYS = {
  'x-lsq-access-key': 'u$rdeskwire-demo-22824',
  'x-lsq-secret-key': 'deskwire-demo-secret-not-for-production',
};

export interface SentMail {
  from: string;
  to: string[];
  raw: string;
}

export interface DeskServer {
  url: string;
  consoleUrl: string;
  deskwire: Deskwire;
  app: FastifyInstance;
  /** Mail the server's reply sender delivered to the test SMTP sink (the customer's mail server). */
  sent: SentMail[];
  /** Delivers a raw message to the server's SMTP listener, as a customer's mail server would. */
  deliver: (raw: string, envelope: { from: string; to?: string[] }) => Promise<void>;
  /** Moves the server's clock (session expiry). */
  advanceClock: (ms: number) => void;
  close: () => Promise<void>;
}

/**
 * The whole server in this process, on a real port: the demo tenant (#143), the console served from the
 * built package, the email channel (SMTP listener on a free port, reply sender every 100 ms) relaying to a
 * real SMTP sink, and a clock the test can move. `webhooksAllowPrivate` lets webhooks reach a receiver on
 * this host; `adminToken` turns the sandbox on.
 */
export async function startDeskServer(
  options: { webhooksAllowPrivate?: boolean; adminToken?: string } = {},
): Promise<DeskServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-console-desk-'));
  let offset = 0;
  const deskwire = await openDeskwire({ dataDir, now: () => new Date(Date.now() + offset) });
  await seedDemo(deskwire);
  await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 1_000_000, windowMs: 1000 } } }, deskwire);
  const sink = await startSmtpSink();
  await addMailbox({ orgId: DEMO_ORG, address: SUPPORT }, deskwire);
  await updateEmailSettings({ orgId: DEMO_ORG, patch: { relayUrl: sink.url } }, deskwire);
  const app = await buildApp(deskwire, {
    logLevel: false,
    consoleDir: consoleAssetsDir,
    // A webhook receiver on this host (tests) is a loopback address, refused by default (SSRF).
    ...(options.webhooksAllowPrivate === true && { webhooksAllowPrivate: true }),
    // The sandbox (request journal, fault rules) is on when an admin token is given.
    ...(options.adminToken !== undefined && { adminToken: options.adminToken }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const channel: EmailChannel = await startEmailChannel(deskwire, {
    smtp: { host: '127.0.0.1', port: 0, rateLimit: { max: 1_000_000, windowMs: 60_000 } },
    sender: { pollMs: 100 },
    imap: false,
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    consoleUrl: `${url}/console/`,
    deskwire,
    app,
    sent: sink.received,
    deliver: async (raw, envelope) => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: channel.smtpPort ?? 0,
        secure: false,
        ignoreTLS: true,
      });
      try {
        await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to ?? [SUPPORT] }, raw });
      } finally {
        transport.close();
      }
    },
    advanceClock: (ms) => {
      offset += ms;
    },
    close: async () => {
      await channel.close();
      await app.close();
      await deskwire.close();
      await sink.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startSmtpSink(): Promise<{ url: string; received: SentMail[]; close: () => Promise<void> }> {
  const received: SentMail[] = [];
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
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

/** Calls the server over HTTP with the demo keys (the vendor APIs and /api/v1 alike). */
export async function callJson(
  server: Pick<DeskServer, 'url'>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = DEMO_KEYS,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/**
 * Polls `check` until it returns a value (not undefined) and returns it with the time taken from `since`;
 * fails after `timeoutMs`. For "visible through the vendor APIs within 1 s": the caller asserts the time.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  since: number,
  timeoutMs = 10_000,
): Promise<{ value: T; elapsedMs: number }> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return { value, elapsedMs: Date.now() - since };
    if (Date.now() - since > timeoutMs) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
