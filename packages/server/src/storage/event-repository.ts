import type { DeskwireEvent } from '@deskwire/wire';
import type { Kysely } from 'kysely';
import type { EventStore, NewEvent } from '../core/event-log.js';
import type { Database } from './database-schema.js';
import { parseJson, toTimestamp } from './row-codecs.js';

/** The event id, and every delivery's `webhook-id`: stable per tenant and sequence. */
export const eventId = (orgId: number, sequence: number): string => `evt_${orgId}_${sequence}`;

/** Delivery retries stop this long after the first attempt was due (docs/webhooks.md "Retries"). */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The transactional outbox (migration 0012). Observers learn of appends through `onAppend` (after commit). */
export class EventRepository implements EventStore {
  constructor(
    readonly db: Kysely<Database>,
    private readonly onAppend: () => void = () => {},
  ) {}

  async append(event: NewEvent, newId: () => string): Promise<DeskwireEvent> {
    // One statement increments and reads: concurrent writers of a tenant wait on this row, so sequences
    // are gap-free and follow commit order (the ticket-number counter works the same way).
    const { last_sequence: sequence } = await this.db
      .insertInto('event_sequences')
      .values({ org_id: event.orgId, last_sequence: 1 })
      .onConflict((oc) =>
        oc.column('org_id').doUpdateSet((eb) => ({ last_sequence: eb('event_sequences.last_sequence', '+', 1) })),
      )
      .returning('last_sequence')
      .executeTakeFirstOrThrow();
    // Key order fixed here: the stored JSON is what every delivery signs and sends.
    const ordered: DeskwireEvent = {
      id: eventId(event.orgId, sequence),
      type: event.type,
      sequence,
      orgId: event.orgId,
      occurredAt: event.occurredAt,
      actor: event.actor,
      origin: event.origin,
      ticket: event.ticket,
      data: event.data,
    };
    await this.db
      .insertInto('events')
      .values({
        org_id: event.orgId,
        sequence,
        type: event.type,
        ticket_id: event.ticket?.id ?? null,
        occurred_at: event.occurredAt,
        body: JSON.stringify(ordered),
      })
      .execute();
    const endpoints = await this.db
      .selectFrom('webhook_endpoints')
      .select(['id', 'events'])
      .where('org_id', '=', event.orgId)
      .where('enabled', '=', 1)
      .execute();
    const due = new Date(event.occurredAt);
    const matching = endpoints.filter((e) => {
      const filter = parseJson<string[]>(e.events);
      return filter.length === 0 || filter.includes(event.type);
    });
    if (matching.length > 0) {
      await this.db
        .insertInto('webhook_deliveries')
        .values(
          matching.map((endpoint) => ({
            id: `dlv_${newId().replaceAll('-', '')}`,
            org_id: event.orgId,
            endpoint_id: endpoint.id,
            sequence,
            event_type: event.type,
            ticket_id: event.ticket?.id ?? null,
            status: 'pending',
            attempts: 0,
            next_attempt_at: toTimestamp(due),
            give_up_at: toTimestamp(new Date(due.getTime() + RETRY_WINDOW_MS)),
            claimed_by: null,
            claimed_until: null,
            last_attempt_at: null,
            response_status: null,
            response_excerpt: null,
            latency_ms: null,
          })),
        )
        .execute();
    }
    this.onAppend();
    return ordered;
  }

  async list(orgId: number, after: number, limit: number): Promise<DeskwireEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .select('body')
      .where('org_id', '=', orgId)
      .where('sequence', '>', after)
      .orderBy('sequence')
      .limit(limit)
      .execute();
    return rows.map((r) => parseJson<DeskwireEvent>(r.body));
  }

  async lastSequence(orgId: number): Promise<number> {
    const row = await this.db
      .selectFrom('event_sequences')
      .select('last_sequence')
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return row?.last_sequence ?? 0;
  }

  async get(orgId: number, sequence: number): Promise<DeskwireEvent | undefined> {
    const row = await this.db
      .selectFrom('events')
      .select('body')
      .where('org_id', '=', orgId)
      .where('sequence', '=', sequence)
      .executeTakeFirst();
    return row && parseJson<DeskwireEvent>(row.body);
  }
}
