import { randomUUID } from 'node:crypto';
import { emitEvent } from '../core/emit-event.js';
import type { WebhookDelivery } from '../core/event-log.js';
import { withEventOrigin } from '../core/event-origin.js';
import type { TransactionalStore } from '../core/store.js';
import { postWebhook, type WebhookResponse } from './webhook-request.js';
import { signDelivery } from './webhook-signer.js';

export interface DispatcherOptions {
  storage: TransactionalStore;
  now: () => Date;
  /** Refuse nothing by address (tests, local receivers); default false. */
  allowPrivate?: boolean;
  /** This instance's name in claims (default a random id). */
  owner?: string;
  /** Deliveries claimed per round (default 32). */
  batchSize?: number;
  /** How long a claim holds: a crashed instance's deliveries are taken again after this (default 60 s). */
  claimMs?: number;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** 0 ≤ x < 1, for the jitter (default Math.random). */
  random?: () => number;
  /** Called when an endpoint is disabled (the app logs it). */
  onEndpointDisabled?: (info: { orgId: number; endpointId: string; reason: string }) => void;
  /** Called after every attempt (the sandbox journals it). */
  onAttempt?: (attempt: {
    orgId: number;
    url: string;
    at: Date;
    responseStatus: number | null;
    latencyMs: number;
    requestBytes: number;
  }) => void;
  /** Sends one request (default: signed HTTP POST through the SSRF guard). */
  post?: (url: string, headers: Record<string, string>, body: string) => Promise<WebhookResponse>;
}

/** First retry after 5 s, doubling, capped at one hour; each delay jittered by ±25 %. */
export function retryDelayMs(attempts: number, random: () => number): number {
  const base = Math.min(5000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * Delivers the outbox: claims due deliveries (safely across instances: storage/webhook-repository.ts),
 * signs and posts each, records the outcome, and schedules retries with backoff until 24 h after the
 * first attempt was due; a delivery that runs out of time fails and disables its endpoint (reported as a
 * `webhook.endpoint_disabled` event and in the log). `runOnce` does one round on the injected clock,
 * so tests drive hours of retries without waiting; `start` loops it, woken by commits and by a poll.
 */
export class WebhookDispatcher {
  readonly owner: string;
  readonly #o: Required<Omit<DispatcherOptions, 'post'>>;
  readonly #post: NonNullable<DispatcherOptions['post']>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(options: DispatcherOptions) {
    this.owner = options.owner ?? `dsp_${randomUUID()}`;
    this.#o = {
      storage: options.storage,
      now: options.now,
      allowPrivate: options.allowPrivate ?? false,
      owner: this.owner,
      batchSize: options.batchSize ?? 32,
      claimMs: options.claimMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 10_000,
      random: options.random ?? Math.random,
      onEndpointDisabled: options.onEndpointDisabled ?? (() => {}),
      onAttempt: options.onAttempt ?? (() => {}),
    };
    this.#post =
      options.post ??
      ((url, headers, body) =>
        postWebhook(url, headers, body, { allowPrivate: this.#o.allowPrivate, timeoutMs: this.#o.timeoutMs }));
  }

  /** One round: claims and attempts every due delivery it can take; the number attempted. */
  async runOnce(): Promise<number> {
    const now = this.#o.now();
    const claimed = await this.#o.storage.webhooks.claimDue(
      this.owner,
      now,
      new Date(now.getTime() + this.#o.claimMs),
      this.#o.batchSize,
    );
    await Promise.all(claimed.map((delivery) => this.#attempt(delivery)));
    return claimed.length;
  }

  /** Rounds until nothing is due. */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  async #attempt(delivery: WebhookDelivery): Promise<void> {
    const { storage } = this.#o;
    const [endpoint, event] = await Promise.all([
      storage.webhooks.getEndpoint(delivery.orgId, delivery.endpointId),
      storage.events.get(delivery.orgId, delivery.sequence),
    ]);
    if (!endpoint || !event) return;
    const body = JSON.stringify(event);
    const sentAt = this.#o.now();
    const response = await this.#post(endpoint.url, signDelivery(endpoint.secret, event.id, sentAt, body), body);
    const at = this.#o.now();
    const ok = response.status !== null && response.status >= 200 && response.status < 300;
    const attempts = delivery.attempts + 1;
    const next = new Date(at.getTime() + retryDelayMs(attempts, this.#o.random));
    const giveUp = !ok && next.getTime() > delivery.giveUpAt.getTime();
    const excerpt =
      response.status !== null && response.status >= 300 && response.status < 400
        ? `redirect not followed: ${response.excerpt}`.slice(0, 200)
        : response.excerpt;
    await storage.webhooks.recordAttempt(delivery.id, this.owner, {
      at,
      status: ok ? 'delivered' : giveUp ? 'failed' : 'pending',
      nextAttemptAt: ok || giveUp ? null : next,
      responseStatus: response.status,
      responseExcerpt: excerpt,
      latencyMs: response.latencyMs,
    });
    this.#o.onAttempt({
      orgId: delivery.orgId,
      url: endpoint.url,
      at: sentAt,
      responseStatus: response.status,
      latencyMs: response.latencyMs,
      requestBytes: Buffer.byteLength(body),
    });
    if (giveUp) await this.#disable(delivery, endpoint.url, at);
  }

  async #disable(delivery: WebhookDelivery, url: string, at: Date): Promise<void> {
    const reason = `delivery ${delivery.id} kept failing for 24 hours`;
    const disabled = await withEventOrigin({ surface: 'webhooks', operation: 'webhooks.deliver' }, () =>
      this.#o.storage.transaction(async (tx) => {
        const endpoint = await tx.webhooks.getEndpoint(delivery.orgId, delivery.endpointId);
        // Already disabled (by another failed delivery, or another instance): reported once only.
        if (!endpoint?.enabled) return false;
        await tx.webhooks.updateEndpoint(delivery.orgId, delivery.endpointId, {
          enabled: false,
          disabledReason: reason,
        });
        await emitEvent(
          tx,
          {
            orgId: delivery.orgId,
            type: 'webhook.endpoint_disabled',
            at,
            actor: { type: 'system', id: null },
            ticket: null,
            data: { endpointId: delivery.endpointId, url, reason },
          },
          randomUUID,
        );
        return true;
      }),
    );
    if (disabled) this.#o.onEndpointDisabled({ orgId: delivery.orgId, endpointId: delivery.endpointId, reason });
  }

  /** Starts the loop: a round on every `wake()` and at least every `pollMs` (the safety net). */
  start(pollMs = 1000): void {
    this.#stopped = false;
    const loop = () => {
      if (this.#stopped) return;
      this.wake();
      this.#timer = setTimeout(loop, pollMs);
      this.#timer.unref();
    };
    loop();
  }

  /** Runs rounds now (coalesced: a wake during a round runs one more round after it). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          await this.drain();
        } catch {
          // A store hiccup: the next wake or poll tries again.
        }
      } while (this.#again && !this.#stopped);
    })().finally(() => {
      this.#running = undefined;
    });
  }

  /** Stops the loop and waits for the round in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}
