import { buffer } from 'node:stream/consumers';
import nodemailer from 'nodemailer';
import type { EmailMessageRecord, EmailSettings } from '../../core/domain.js';
import type { EmailDeps } from './ingest.js';

export interface ReplySenderOptions {
  /** Time between looks at the queue. Default 1 s. */
  pollMs?: number;
  /** How long one attempt holds a reply before another sender (or this one after a crash) may retry. Default 2 min. */
  leaseMs?: number;
  /** Attempts before a reply is marked failed. Default 8. */
  maxAttempts?: number;
  /** Delay before attempt `n + 1` after `n` failed. Default 30 s doubling, at most 1 h. */
  backoffMs?: (attempt: number) => number;
  /** Relay for tenants that set none (a test sink, a local MTA). Default: none, and their replies wait. */
  defaultRelayUrl?: string;
  /** Outcome of each attempt (logs, tests). */
  onAttempt?: (reply: EmailMessageRecord, outcome: 'sent' | 'retry' | 'failed', error?: string) => void;
}

export const SENDER_DEFAULTS = Object.freeze({ pollMs: 1000, leaseMs: 120_000, maxAttempts: 8 });

const defaultBackoff = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);

/**
 * Delivers queued replies (reply.ts) through each tenant's relay, with retries and backoff, and
 * records every outcome on the reply's message row. A reply is claimed with a lease before sending
 * and marked sent after: a crash in between lets the lease expire and the same bytes (same
 * Message-ID) go out again, so a reply is delivered at least once and never lost.
 */
export class ReplySender {
  readonly #deps: EmailDeps;
  readonly #options: ReplySenderOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(deps: EmailDeps, options: ReplySenderOptions = {}) {
    this.#deps = deps;
    this.#options = options;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** One pass over the due replies; resolves with how many were attempted. */
  async runOnce(): Promise<number> {
    const now = this.#deps.now();
    const due = await this.#deps.storage.email.dueReplies(now, 20);
    let attempted = 0;
    for (const id of due) {
      if (this.#stopped) break;
      const leaseMs = this.#options.leaseMs ?? SENDER_DEFAULTS.leaseMs;
      const reply = await this.#deps.storage.email.claim(id, now, new Date(now.getTime() + leaseMs));
      if (!reply) continue;
      attempted += 1;
      await this.#attempt(reply);
    }
    return attempted;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.runOnce()
        .catch(() => 0)
        .then(() => this.#schedule(this.#options.pollMs ?? SENDER_DEFAULTS.pollMs));
    }, delay);
    this.#timer.unref();
  }

  async #attempt(reply: EmailMessageRecord): Promise<void> {
    const settings = await this.#deps.storage.email.getSettings(reply.orgId);
    const relayUrl = settings.relayUrl ?? this.#options.defaultRelayUrl;
    const maxAttempts = this.#options.maxAttempts ?? SENDER_DEFAULTS.maxAttempts;
    try {
      if (!relayUrl) throw new Error('no relay configured for this tenant');
      const raw = await buffer(await this.#deps.blobs.open(reply.rawSha256));
      await send(relayUrl, settings, reply, raw);
      await this.#deps.storage.email.recordOutcome(reply.id, {
        state: 'sent',
        at: this.#deps.now(),
        error: null,
        nextAttemptAt: null,
      });
      this.#options.onAttempt?.(reply, 'sent');
    } catch (error) {
      const message = describe(error);
      const permanent = (error as { responseCode?: number }).responseCode;
      const failed = (permanent !== undefined && permanent >= 500) || reply.attempts >= maxAttempts;
      const backoff = (this.#options.backoffMs ?? defaultBackoff)(reply.attempts);
      await this.#deps.storage.email.recordOutcome(reply.id, {
        state: failed ? 'failed' : 'queued',
        at: this.#deps.now(),
        error: message,
        nextAttemptAt: failed ? null : new Date(this.#deps.now().getTime() + backoff),
      });
      this.#options.onAttempt?.(reply, failed ? 'failed' : 'retry', message);
    }
  }
}

async function send(relayUrl: string, settings: EmailSettings, reply: EmailMessageRecord, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({
    url: relayUrl,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(settings.dkim && { dkim: settings.dkim }),
  });
  try {
    await transport.sendMail({ envelope: { from: reply.fromAddress, to: reply.recipients }, raw });
  } finally {
    transport.close();
  }
}

/** The relay's answer or the network error, never the relay URL (it may hold a password). */
function describe(error: unknown): string {
  const e = error as { response?: unknown; code?: unknown; message?: unknown };
  const text = typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  return text.replace(/smtps?:\/\/[^\s]+/g, '[relay]').slice(0, 500);
}
