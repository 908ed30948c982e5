import { randomBytes } from 'node:crypto';
import type { EventType } from '@deskwire/wire';
import { ApiError } from '../errors/api-error.js';
import type { CoreDeps } from './deps.js';
import type { DeliveryStatus, WebhookDelivery, WebhookEndpoint } from './event-log.js';

/** Most endpoints per tenant: each one multiplies every write's delivery rows. */
export const MAX_WEBHOOKS_PER_TENANT = 16;
/** Most events one range redelivery queues. */
export const MAX_REDELIVER = 1000;

/** Checks a target URL's form (its address is checked when delivering, after DNS: events/ssrf-guard.ts). */
function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ApiError('ValidationError', 'url must be an absolute http:// or https:// URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ApiError('ValidationError', 'url must be an absolute http:// or https:// URL');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ApiError('ValidationError', 'url must not carry credentials: receivers verify the signature instead');
  }
}

async function requireTenant(orgId: number, deps: Pick<CoreDeps, 'storage'>): Promise<void> {
  if (!(await deps.storage.tenants.get(orgId))) throw new ApiError('ValidationError', `tenant ${orgId} does not exist`);
}

export async function requireWebhook(
  orgId: number,
  id: string,
  deps: Pick<CoreDeps, 'storage'>,
): Promise<WebhookEndpoint> {
  const endpoint = await deps.storage.webhooks.getEndpoint(orgId, id);
  if (!endpoint) throw new ApiError('NotFound', `no webhook '${id.slice(0, 64)}' in this tenant`);
  return endpoint;
}

/** A new endpoint secret in the Standard Webhooks form: `whsec_` and 24 random bytes, base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * Adds an endpoint with a new signing secret (or `secret`, for tests and imports); the caller shows the
 * returned endpoint's secret once and never again.
 */
export async function createWebhook(
  input: { orgId: number; url: string; events?: readonly EventType[]; description?: string; secret?: string },
  deps: CoreDeps,
): Promise<WebhookEndpoint> {
  checkUrl(input.url);
  return deps.storage.transaction(async (tx) => {
    await requireTenant(input.orgId, { storage: tx });
    if ((await tx.webhooks.listEndpoints(input.orgId)).length >= MAX_WEBHOOKS_PER_TENANT) {
      throw new ApiError('ValidationError', `a tenant has at most ${MAX_WEBHOOKS_PER_TENANT} webhooks`);
    }
    const endpoint: WebhookEndpoint = {
      id: `wh_${deps.newId().replaceAll('-', '').slice(0, 24)}`,
      orgId: input.orgId,
      url: input.url,
      events: [...new Set(input.events ?? [])],
      description: input.description ?? '',
      secret: input.secret ?? newWebhookSecret(),
      enabled: true,
      disabledReason: null,
      createdAt: deps.now(),
    };
    await tx.webhooks.createEndpoint(endpoint);
    return endpoint;
  });
}

export async function listWebhooks(orgId: number, deps: Pick<CoreDeps, 'storage'>): Promise<WebhookEndpoint[]> {
  return deps.storage.webhooks.listEndpoints(orgId);
}

export async function updateWebhook(
  input: { orgId: number; id: string; enabled?: boolean; events?: readonly EventType[] },
  deps: CoreDeps,
): Promise<WebhookEndpoint> {
  return deps.storage.transaction(async (tx) => {
    await requireWebhook(input.orgId, input.id, { storage: tx });
    await tx.webhooks.updateEndpoint(input.orgId, input.id, {
      ...(input.enabled !== undefined && { enabled: input.enabled, disabledReason: null }),
      ...(input.events !== undefined && { events: [...new Set(input.events)] }),
    });
    return requireWebhook(input.orgId, input.id, { storage: tx });
  });
}

export async function deleteWebhook(input: { orgId: number; id: string }, deps: CoreDeps): Promise<void> {
  if (!(await deps.storage.webhooks.deleteEndpoint(input.orgId, input.id))) {
    throw new ApiError('NotFound', `no webhook '${input.id.slice(0, 64)}' in this tenant`);
  }
}

export async function listDeliveries(
  input: { orgId: number; id: string; status?: DeliveryStatus; limit?: number },
  deps: CoreDeps,
): Promise<WebhookDelivery[]> {
  await requireWebhook(input.orgId, input.id, deps);
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  return deps.storage.webhooks.listDeliveries(input.orgId, input.id, {
    limit,
    ...(input.status !== undefined && { status: input.status }),
  });
}

/**
 * Queues events again for an endpoint: one delivery's event (`deliveryId`) or every event of the tenant in
 * `fromSequence..toSequence` that the endpoint's filter takes. Each goes out with its original `webhook-id`.
 */
export async function redeliver(
  input: { orgId: number; id: string; deliveryId?: string; fromSequence?: number; toSequence?: number },
  deps: CoreDeps,
): Promise<number> {
  const byId = input.deliveryId !== undefined;
  const byRange = input.fromSequence !== undefined || input.toSequence !== undefined;
  if (byId === byRange) {
    throw new ApiError('ValidationError', 'Send either deliveryId or fromSequence (with an optional toSequence)');
  }
  return deps.storage.transaction(async (tx) => {
    const endpoint = await requireWebhook(input.orgId, input.id, { storage: tx });
    let sequences: Array<{ sequence: number; type: string; ticketId: string | null }>;
    if (input.deliveryId !== undefined) {
      const delivery = await tx.webhooks.getDelivery(input.orgId, input.deliveryId);
      if (!delivery || delivery.endpointId !== endpoint.id) {
        throw new ApiError('NotFound', `no delivery '${input.deliveryId.slice(0, 64)}' of this webhook`);
      }
      sequences = [{ sequence: delivery.sequence, type: delivery.eventType, ticketId: delivery.ticketId }];
    } else {
      const from = input.fromSequence ?? 1;
      const to = input.toSequence ?? Number.MAX_SAFE_INTEGER;
      if (to < from) throw new ApiError('ValidationError', 'toSequence must not be below fromSequence');
      const events = await tx.events.list(input.orgId, from - 1, MAX_REDELIVER + 1);
      const inRange = events.filter((e) => e.sequence <= to);
      if (inRange.length > MAX_REDELIVER) {
        throw new ApiError('ValidationError', `at most ${MAX_REDELIVER} events per redelivery: narrow the range`);
      }
      sequences = inRange
        .filter((e) => endpoint.events.length === 0 || endpoint.events.includes(e.type))
        .map((e) => ({ sequence: e.sequence, type: e.type, ticketId: e.ticket?.id ?? null }));
    }
    const now = deps.now();
    for (const s of sequences) {
      await tx.webhooks.enqueue({
        id: `dlv_${deps.newId().replaceAll('-', '')}`,
        orgId: input.orgId,
        endpointId: endpoint.id,
        sequence: s.sequence,
        eventType: s.type,
        ticketId: s.ticketId,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        giveUpAt: new Date(now.getTime() + 24 * 60 * 60 * 1000),
        lastAttemptAt: null,
        responseStatus: null,
        responseExcerpt: null,
        latencyMs: null,
      });
    }
    return sequences.length;
  });
}
