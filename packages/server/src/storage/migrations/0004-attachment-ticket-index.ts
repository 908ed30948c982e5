import type { Kysely, Migration } from 'kysely';

/**
 * Ticket-level files (`attachments.ticket_id`, with `activity_id` null) were found by a scan of the
 * whole table: every full ticket read (L4, K3, K4) lists them. Measured while batching K3 reads
 * (docs/benchmarks.md); an index on the ticket and the listing order makes it a range read.
 */
export const attachmentTicketIndexMigration = (): Migration => ({
  up: (db) => up(db),
  down: async () => {
    throw new Error('migration 0004 cannot be reverted');
  },
});

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('attachments_ticket').on('attachments').columns(['ticket_id', 'created_at']).execute();
}
