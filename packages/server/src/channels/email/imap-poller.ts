import { ImapFlow } from 'imapflow';
import type { ImapSource } from '../../core/domain.js';
import { withEventOrigin } from '../../core/event-origin.js';
import { type EmailDeps, type IngestResult, ingestEmail } from './ingest.js';
import { parseEmail } from './parse.js';

/** The events an IMAP-fetched message causes name the mail channel as their origin (docs/webhooks.md). */
const IMAP_ORIGIN = Object.freeze({ surface: 'email', operation: 'email.imapInbound' });

/** Keyword a stored message gets in the `flag` mode (RFC 3501 keywords start without a backslash). */
export const PROCESSED_KEYWORD = '$Deskwire';

export interface ImapPollerOptions {
  /** Time between polls when the server does not push (IDLE); also a safety net with IDLE. Default 60 s. */
  pollMs?: number;
  /** Called after every message (logs, tests). */
  onIngest?: (result: IngestResult) => void;
  /** Connection problems (logs); the poller reconnects on the next poll. */
  onError?: (error: unknown) => void;
}

/**
 * Polls one tenant's mailbox elsewhere (imapflow): every message not yet processed is stored through
 * the same ingest as SMTP mail, then flagged `$Deskwire` (or moved); the flag is set only after the
 * store committed, and a message fetched again (a crash in between, a UIDVALIDITY change that
 * renumbers the mailbox, two instances polling) is deduplicated by Message-ID and content. IDLE is
 * used where the server offers it, so new mail is fetched when it arrives.
 */
export class ImapPoller {
  readonly #deps: EmailDeps;
  readonly #orgId: number;
  readonly #source: ImapSource;
  readonly #options: ImapPollerOptions;
  #client: ImapFlow | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #again = false;
  #stopped = false;

  constructor(deps: EmailDeps, orgId: number, source: ImapSource, options: ImapPollerOptions = {}) {
    this.#deps = deps;
    this.#orgId = orgId;
    this.#source = source;
    this.#options = options;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => 0);
    await this.#disconnect();
  }

  /** One pass: connects if needed, stores every unprocessed message, marks it. Resolves with how many were stored. */
  runOnce(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pass().finally(() => {
      this.#running = undefined;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        void this.runOnce().catch((error: unknown) => this.#options.onError?.(error));
      }
    });
    return this.#running;
  }

  async #pass(): Promise<number> {
    const client = await this.#connect();
    const { mailbox } = location(this.#source.url);
    const lock = await client.getMailboxLock(mailbox);
    let stored = 0;
    try {
      // Unprocessed means "without our keyword", not "above the last UID seen": no UID is remembered,
      // so a UIDVALIDITY change (the mailbox rebuilt, every UID reassigned) cannot skip mail, and what
      // it brings back again is deduplicated by the ingest.
      const uids = (await client.search({ unKeyword: PROCESSED_KEYWORD }, { uid: true })) || [];
      for (const uid of uids) {
        if (this.#stopped) break;
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        const source = message ? message.source : undefined;
        if (!source) continue;
        const email = await parseEmail(source);
        const result = await withEventOrigin(IMAP_ORIGIN, () =>
          ingestEmail(this.#orgId, source, email, undefined, this.#deps),
        );
        this.#options.onIngest?.(result);
        if (this.#source.processed === 'move' && this.#source.moveTo) {
          await client.messageMove(String(uid), this.#source.moveTo, { uid: true });
        } else {
          await client.messageFlagsAdd(String(uid), [PROCESSED_KEYWORD], { uid: true });
        }
        if (result.outcome !== 'duplicate') stored += 1;
      }
    } finally {
      lock.release();
    }
    return stored;
  }

  async #connect(): Promise<ImapFlow> {
    if (this.#client?.usable) return this.#client;
    await this.#disconnect();
    const { host, port, secure, user, pass, moveTo } = { ...location(this.#source.url), moveTo: this.#source.moveTo };
    const client = new ImapFlow({ host, port, secure, auth: { user, pass }, logger: false, emitLogs: false });
    client.on('error', (error: unknown) => this.#options.onError?.(error));
    // New mail announced while idling: fetch it now rather than at the next poll.
    client.on('exists', () => {
      if (!this.#stopped) void this.runOnce().catch((error: unknown) => this.#options.onError?.(error));
    });
    await client.connect();
    if (this.#source.processed === 'move' && moveTo) {
      const list = await client.list();
      if (!list.some((box) => box.path === moveTo)) await client.mailboxCreate(moveTo);
    }
    this.#client = client;
    return client;
  }

  async #disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client?.usable) await client.logout().catch(() => client.close());
    else client?.close();
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.runOnce()
        .catch((error: unknown) => {
          this.#options.onError?.(error);
          return this.#disconnect().then(() => 0);
        })
        .finally(() => this.#schedule(this.#options.pollMs ?? 60_000));
    }, delay);
    this.#timer.unref();
  }
}

/** The parts of `imap[s]://user:password@host[:port][/mailbox]`. */
export function location(url: string): {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
} {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX',
  };
}
