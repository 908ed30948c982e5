import type { ImapSource } from '../../core/domain.js';
import { ImapPoller, type ImapPollerOptions } from './imap-poller.js';
import type { EmailDeps } from './ingest.js';

/** How often the tenants' IMAP settings are read again by default (`--imap-refresh`-like option). */
export const IMAP_REFRESH_MS = 30_000;

/**
 * The running IMAP pollers, kept in step with the tenants' settings: `refresh` reads the settings
 * and starts a poller for a new source, stops one whose source was removed, and replaces one whose
 * URL or processed-mail rule changed. Run at start and then every `refreshMs`, so a source set with
 * `deskwire mailbox settings` or the sandbox API (on any instance: the settings are in the database)
 * is picked up by a running server without a restart.
 */
export class ImapSources {
  readonly #deps: EmailDeps;
  readonly #options: ImapPollerOptions;
  readonly #running = new Map<number, { key: string; poller: ImapPoller }>();
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  #stopped = false;

  constructor(deps: EmailDeps, options: ImapPollerOptions = {}) {
    this.#deps = deps;
    this.#options = options;
  }

  get pollers(): ImapPoller[] {
    return [...this.#running.values()].map((r) => r.poller);
  }

  async start(refreshMs: number = IMAP_REFRESH_MS): Promise<void> {
    await this.refresh();
    const tick = () => {
      this.#timer = setTimeout(() => {
        this.refresh()
          .catch((error: unknown) => this.#options.onError?.(error))
          .finally(() => {
            if (!this.#stopped) tick();
          });
      }, refreshMs);
      this.#timer.unref();
    };
    tick();
  }

  /** Reads the settings once and makes the running pollers match them. */
  refresh(): Promise<void> {
    // One refresh at a time: two overlapping ones could both start a poller for a new source.
    this.#refreshing ??= this.#reconcile().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#refreshing?.catch(() => {});
    await Promise.all(this.pollers.map((p) => p.stop()));
    this.#running.clear();
  }

  async #reconcile(): Promise<void> {
    if (this.#stopped) return;
    const wanted = new Map<number, ImapSource>();
    for (const { orgId, settings } of await this.#deps.storage.email.imapSources()) {
      if (settings.imap) wanted.set(orgId, settings.imap);
    }
    for (const [orgId, running] of this.#running) {
      const source = wanted.get(orgId);
      if (source && keyOf(source) === running.key) continue;
      this.#running.delete(orgId);
      await running.poller.stop();
    }
    for (const [orgId, source] of wanted) {
      if (this.#running.has(orgId) || this.#stopped) continue;
      const poller = new ImapPoller(this.#deps, orgId, source, this.#options);
      this.#running.set(orgId, { key: keyOf(source), poller });
      poller.start();
    }
  }
}

function keyOf(source: ImapSource): string {
  return JSON.stringify([source.url, source.processed, source.moveTo]);
}
