import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import {
  DEFAULT_EMAIL_SETTINGS,
  type EmailKind,
  type EmailMessageRecord,
  type EmailSettings,
  type SendState,
} from '../core/domain.js';
import type { EventStore } from '../core/event-log.js';
import type { EmailStore } from '../core/store.js';
import type { Database, EmailMessagesTable } from './database-schema.js';
import { inChunks } from './in-chunks.js';
import { fromTimestamp, parseJson, toTimestamp } from './row-codecs.js';

/** The email channel's rows: inbound addresses, tenant settings, and messages in and out (send jobs). */
export class EmailRepository implements EmailStore {
  constructor(
    readonly db: Kysely<Database>,
    /** Runs `work` in a transaction (the open one, if any) with the event log bound to it. */
    private readonly withEvents: <T>(work: (trx: Kysely<Database>, events: EventStore) => Promise<T>) => Promise<T>,
  ) {}

  /** False when the address already belongs to a tenant (this one or another). */
  async addMailbox(orgId: number, address: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .insertInto('email_mailboxes')
      .values({ address, org_id: orgId, created_at: toTimestamp(now) })
      .onConflict((oc) => oc.column('address').doNothing())
      .returning('address')
      .execute();
    return rows.length > 0;
  }

  async removeMailbox(orgId: number, address: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('email_mailboxes')
      .where('org_id', '=', orgId)
      .where('address', '=', address)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The tenant an inbound address belongs to. */
  async mailboxOwner(address: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('email_mailboxes')
      .select('org_id')
      .where('address', '=', address)
      .executeTakeFirst();
    return row?.org_id;
  }

  async listMailboxes(orgId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('email_mailboxes')
      .select('address')
      .where('org_id', '=', orgId)
      .orderBy('created_at')
      .orderBy('address')
      .execute();
    return rows.map((r) => r.address);
  }

  async getSettings(orgId: number): Promise<EmailSettings> {
    const row = await this.db
      .selectFrom('email_settings')
      .select('settings')
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return row
      ? { ...DEFAULT_EMAIL_SETTINGS, ...parseJson<Partial<EmailSettings>>(row.settings) }
      : DEFAULT_EMAIL_SETTINGS;
  }

  /** Every tenant's settings that name an IMAP source (what the pollers start from). */
  async imapSources(): Promise<Array<{ orgId: number; settings: EmailSettings }>> {
    const rows = await this.db.selectFrom('email_settings').select(['org_id', 'settings']).execute();
    return rows
      .map((r) => ({
        orgId: r.org_id,
        settings: { ...DEFAULT_EMAIL_SETTINGS, ...parseJson<Partial<EmailSettings>>(r.settings) },
      }))
      .filter((r) => r.settings.imap !== null);
  }

  async putSettings(orgId: number, settings: EmailSettings, now: Date): Promise<void> {
    const json = JSON.stringify(settings);
    await this.db
      .insertInto('email_settings')
      .values({ org_id: orgId, settings: json, updated_at: toTimestamp(now) })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ settings: json, updated_at: toTimestamp(now) }))
      .execute();
  }

  /** The stored copy of a message (dedupe), if it was seen before. */
  async findDuplicate(orgId: number, messageId: string, contentHash: string): Promise<EmailMessageRecord | undefined> {
    const row = await this.db
      .selectFrom('email_messages')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('message_id', '=', messageId)
      .where('content_hash', '=', contentHash)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Stored messages (in or out) with any of these Message-IDs that belong to a ticket. */
  async findByMessageIds(orgId: number, messageIds: readonly string[]): Promise<EmailMessageRecord[]> {
    const ids = messageIds.filter((id) => id !== '');
    const rows = await inChunks(ids, (chunk) =>
      this.db
        .selectFrom('email_messages')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('message_id', 'in', chunk)
        .where('ticket_id', 'is not', null)
        .execute(),
    );
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<EmailMessageRecord | undefined> {
    const row = await this.db.selectFrom('email_messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** A ticket's messages, oldest first. */
  async listForTicket(ticketId: string): Promise<EmailMessageRecord[]> {
    const rows = await this.db
      .selectFrom('email_messages')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async insert(record: EmailMessageRecord): Promise<void> {
    await this.db
      .insertInto('email_messages')
      .values({
        id: record.id,
        org_id: record.orgId,
        direction: record.direction,
        kind: record.kind,
        ticket_id: record.ticketId,
        activity_id: record.activityId,
        message_id: record.messageId,
        content_hash: record.contentHash,
        raw_sha256: record.rawSha256,
        from_address: record.fromAddress,
        recipients: JSON.stringify(record.recipients),
        subject: record.subject,
        created_at: toTimestamp(record.createdAt),
        send_state: record.sendState,
        attempts: record.attempts,
        next_attempt_at: record.nextAttemptAt && toTimestamp(record.nextAttemptAt),
        last_error: record.lastError,
        sent_at: record.sentAt && toTimestamp(record.sentAt),
      })
      .execute();
  }

  /** Ids of queued replies due by `now`, oldest first. */
  async dueReplies(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('email_messages')
      .select('id')
      .where('send_state', '=', 'queued')
      .where('next_attempt_at', '<=', toTimestamp(now))
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Takes a due reply for `leaseUntil` (compare-and-set on its due time, so one sender of several
   * instances wins). A sender that dies holding it lets the lease run out, and the reply is sent again.
   */
  async claim(id: string, now: Date, leaseUntil: Date): Promise<EmailMessageRecord | undefined> {
    const row = await this.db.selectFrom('email_messages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.send_state !== 'queued' || row.next_attempt_at === null) return undefined;
    if (row.next_attempt_at > toTimestamp(now)) return undefined;
    const result = await this.db
      .updateTable('email_messages')
      .set({ next_attempt_at: toTimestamp(leaseUntil), attempts: row.attempts + 1 })
      .where('id', '=', id)
      .where('send_state', '=', 'queued')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return toRecord({ ...row, attempts: row.attempts + 1, next_attempt_at: toTimestamp(leaseUntil) });
  }

  async recordOutcome(
    id: string,
    outcome: { state: SendState; at: Date; error: string | null; nextAttemptAt: Date | null },
  ): Promise<void> {
    // A reply that failed for good is an `email.delivery_failed` event, committed with the failure.
    await this.withEvents(async (trx, events) => {
      const before = await trx
        .selectFrom('email_messages')
        .select('send_state')
        .where('id', '=', id)
        .executeTakeFirst();
      await trx
        .updateTable('email_messages')
        .set({
          send_state: outcome.state,
          last_error: outcome.error,
          next_attempt_at: outcome.nextAttemptAt && toTimestamp(outcome.nextAttemptAt),
          ...(outcome.state === 'sent' && { sent_at: toTimestamp(outcome.at) }),
        })
        .where('id', '=', id)
        .execute();
      if (outcome.state === 'failed' && before && before.send_state !== 'failed') {
        await emitDeliveryFailed(trx, events, id, outcome.error ?? 'delivery failed', outcome.at);
      }
    });
  }

  /** A bounce of our own reply: the reply is marked failed (whatever its state), with the reason. */
  async markBounced(orgId: number, messageId: string, reason: string): Promise<boolean> {
    return this.withEvents(async (trx, events) => {
      const rows = await trx
        .selectFrom('email_messages')
        .select(['id', 'send_state'])
        .where('org_id', '=', orgId)
        .where('message_id', '=', messageId)
        .where('direction', '=', 'outbound')
        .execute();
      if (rows.length === 0) return false;
      await trx
        .updateTable('email_messages')
        .set({ send_state: 'failed', last_error: reason, next_attempt_at: null })
        .where('org_id', '=', orgId)
        .where('message_id', '=', messageId)
        .where('direction', '=', 'outbound')
        .execute();
      // A reply already reported failed is not reported twice.
      for (const row of rows) {
        if (row.send_state !== 'failed') await emitDeliveryFailed(trx, events, row.id, reason, new Date());
      }
      return true;
    });
  }
}

/** The `email.delivery_failed` event of an outbound message (docs/webhooks.md). */
async function emitDeliveryFailed(
  trx: Kysely<Database>,
  events: EventStore,
  id: string,
  reason: string,
  at: Date,
): Promise<void> {
  const row = await trx
    .selectFrom('email_messages as m')
    .leftJoin('tickets as t', 't.id', 'm.ticket_id')
    .select(['m.org_id', 'm.message_id', 't.id as ticket_id', 't.number'])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!row) return;
  await events.append(
    {
      type: 'email.delivery_failed',
      orgId: Number(row.org_id),
      occurredAt: at.toISOString(),
      actor: { type: 'system', id: null },
      origin: { surface: 'email', operation: 'email.send' },
      ticket: row.ticket_id !== null && row.number !== null ? { id: row.ticket_id, number: Number(row.number) } : null,
      data: { messageId: row.message_id, reason: reason.slice(0, 500) },
    },
    randomUUID,
  );
}

function toRecord(row: Selectable<EmailMessagesTable>): EmailMessageRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    direction: row.direction === 'outbound' ? 'outbound' : 'inbound',
    kind: row.kind as EmailKind,
    ticketId: row.ticket_id,
    activityId: row.activity_id === null ? null : Number(row.activity_id),
    messageId: row.message_id,
    contentHash: row.content_hash,
    rawSha256: row.raw_sha256,
    fromAddress: row.from_address,
    recipients: parseJson<string[]>(row.recipients),
    subject: row.subject,
    createdAt: fromTimestamp(row.created_at),
    sendState: row.send_state as SendState | null,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at === null ? null : fromTimestamp(row.next_attempt_at),
    lastError: row.last_error,
    sentAt: row.sent_at === null ? null : fromTimestamp(row.sent_at),
  };
}
