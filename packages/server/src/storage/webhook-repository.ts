import type { EventType } from '@deskwire/wire';
import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  AttemptOutcome,
  DeliveryStatus,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookStore,
} from '../core/event-log.js';
import { CompiledOnce } from './compiled-once.js';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from './database-schema.js';
import { fromFlag, fromTimestamp, parseJson, toFlag, toTimestamp } from './row-codecs.js';
import type { StorageAdapter } from './storage-adapter.js';

/** Webhook endpoints and the delivery queue (migration 0012). */
/**
 * The deliveries a round may claim at `at`, on `webhook_deliveries as d`: pending and due, of an enabled endpoint,
 * not claimed by a live claim, and first of their ticket at their endpoint (per-ticket order). One definition for
 * the claiming UPDATE and the read that spares it when nothing qualifies. Parameters in compiled order:
 * 'pending', at, 1 (enabled), at (claim expired), 'pending' (earlier of its ticket).
 */
function claimable(db: Kysely<Database>, at: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', at)
    .where('e.enabled', '=', 1)
    .where((eb) => eb.or([eb('d.claimed_until', 'is', null), eb('d.claimed_until', '<', at)]))
    .where((eb) =>
      eb.or([
        eb('d.ticket_id', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('webhook_deliveries as p')
              .select(sql.lit(1).as('one'))
              .whereRef('p.endpoint_id', '=', 'd.endpoint_id')
              .whereRef('p.ticket_id', '=', 'd.ticket_id')
              .where('p.status', '=', 'pending')
              .where((inner) =>
                inner.or([
                  inner('p.sequence', '<', inner.ref('d.sequence')),
                  inner.and([inner('p.sequence', '=', inner.ref('d.sequence')), inner('p.id', '<', inner.ref('d.id'))]),
                ]),
              ),
          ),
        ),
      ]),
    );
}

/** Whether any delivery is claimable (`claimable`, then the limit: 1). */
const ANY_CLAIMABLE = new CompiledOnce((db: Kysely<Database>) => claimable(db, '').select('d.id').limit(0));
/** Whether any delivery is pending and due at all ('pending', at, limit 1): one index lookup, `webhook_deliveries_due`. */
const ANY_DUE = new CompiledOnce((db: Kysely<Database>) =>
  db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', '')
    .limit(0),
);

export class WebhookRepository implements WebhookStore {
  constructor(
    readonly db: Kysely<Database>,
    private readonly adapter: StorageAdapter,
  ) {}

  async createEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.db
      .insertInto('webhook_endpoints')
      .values({
        id: endpoint.id,
        org_id: endpoint.orgId,
        url: endpoint.url,
        events: JSON.stringify(endpoint.events),
        description: endpoint.description,
        secret: endpoint.secret,
        enabled: toFlag(endpoint.enabled),
        disabled_reason: endpoint.disabledReason,
        created_at: toTimestamp(endpoint.createdAt),
      })
      .execute();
  }

  async getEndpoint(orgId: number, id: string): Promise<WebhookEndpoint | undefined> {
    const row = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  async listEndpoints(orgId: number): Promise<WebhookEndpoint[]> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEndpoint);
  }

  async updateEndpoint(
    orgId: number,
    id: string,
    patch: { enabled?: boolean; disabledReason?: string | null; events?: EventType[] },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_endpoints')
      .set({
        ...(patch.enabled !== undefined && { enabled: toFlag(patch.enabled) }),
        ...(patch.disabledReason !== undefined && { disabled_reason: patch.disabledReason }),
        ...(patch.events !== undefined && { events: JSON.stringify(patch.events) }),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async deleteEndpoint(orgId: number, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('webhook_endpoints')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async claimDue(owner: string, now: Date, claimedUntil: Date, limit: number): Promise<WebhookDelivery[]> {
    const at = toTimestamp(now);
    // A round runs after every commit (events-surface.ts), and most find nothing to claim: a read of the same
    // choice says so without the write lock the claiming UPDATE takes (on SQLite ~150 µs of an L1 create's
    // ~2 ms, docs/benchmarks.md, and a wait behind the CLI's writes).
    // The outbox is usually empty, which one index lookup shows (~45 µs in an L1 create against ~130 µs for the
    // whole choice, `bench/sqlite-statements.ts l1`); only a backlog is checked against the whole choice.
    if ((await ANY_DUE.run(this.db, ['pending', at, 1])).length === 0) return [];
    if ((await ANY_CLAIMABLE.run(this.db, ['pending', at, 1, at, 'pending', 1])).length === 0) return [];
    // One statement: pick and claim. PostgreSQL skips rows another instance is claiming (SKIP LOCKED) and
    // re-checks the claim on rows it locks; SQLite runs one writer at a time, so the statement is atomic.
    const picked = claimable(this.db, at)
      .select('d.id')
      .orderBy('d.next_attempt_at')
      .orderBy('d.sequence')
      .limit(limit)
      .$if(this.adapter.skipLocked, (q) => q.forUpdate('d').skipLocked());
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set({ claimed_by: owner, claimed_until: toTimestamp(claimedUntil) })
      .where('id', 'in', picked)
      .returningAll()
      .execute();
    return rows.map(toDelivery).sort((a, b) => a.sequence - b.sequence);
  }

  async recordAttempt(id: string, owner: string, outcome: AttemptOutcome): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: outcome.status,
        attempts: eb('attempts', '+', 1),
        next_attempt_at: outcome.nextAttemptAt && toTimestamp(outcome.nextAttemptAt),
        last_attempt_at: toTimestamp(outcome.at),
        response_status: outcome.responseStatus,
        response_excerpt: outcome.responseExcerpt,
        latency_ms: outcome.latencyMs,
        claimed_by: null,
        claimed_until: null,
      }))
      .where('id', '=', id)
      .where('claimed_by', '=', owner)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listDeliveries(
    orgId: number,
    endpointId: string,
    options: { status?: DeliveryStatus; limit: number },
  ): Promise<WebhookDelivery[]> {
    let query = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('endpoint_id', '=', endpointId);
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    const rows = await query.orderBy('sequence', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(toDelivery);
  }

  async getDelivery(orgId: number, id: string): Promise<WebhookDelivery | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  async enqueue(delivery: WebhookDelivery): Promise<void> {
    await this.db
      .insertInto('webhook_deliveries')
      .values({
        id: delivery.id,
        org_id: delivery.orgId,
        endpoint_id: delivery.endpointId,
        sequence: delivery.sequence,
        event_type: delivery.eventType,
        ticket_id: delivery.ticketId,
        status: delivery.status,
        attempts: delivery.attempts,
        next_attempt_at: delivery.nextAttemptAt && toTimestamp(delivery.nextAttemptAt),
        give_up_at: toTimestamp(delivery.giveUpAt),
        claimed_by: null,
        claimed_until: null,
        last_attempt_at: null,
        response_status: null,
        response_excerpt: null,
        latency_ms: null,
      })
      .execute();
  }

  async nextDue(): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select((eb) => eb.fn.min('d.next_attempt_at').as('due'))
      .where('d.status', '=', 'pending')
      .where('e.enabled', '=', 1)
      .executeTakeFirst();
    const due = row?.due;
    return typeof due === 'string' ? fromTimestamp(due) : undefined;
  }
}

function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    orgId: row.org_id,
    url: row.url,
    events: parseJson<EventType[]>(row.events),
    description: row.description,
    secret: row.secret,
    enabled: fromFlag(row.enabled),
    disabledReason: row.disabled_reason,
    createdAt: fromTimestamp(row.created_at),
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    orgId: Number(row.org_id),
    endpointId: row.endpoint_id,
    sequence: Number(row.sequence),
    eventType: row.event_type,
    ticketId: row.ticket_id,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at === null ? null : fromTimestamp(row.next_attempt_at),
    giveUpAt: fromTimestamp(row.give_up_at),
    lastAttemptAt: row.last_attempt_at === null ? null : fromTimestamp(row.last_attempt_at),
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    responseExcerpt: row.response_excerpt,
    latencyMs: row.latency_ms === null ? null : Number(row.latency_ms),
  };
}
