import type { ActivityStats } from '../storage/ticket-query-repository.js';
import type { CoreDeps } from './deps.js';
import type { Activity, ActivityType, Attachment, FieldChange, FieldValue, Lead, Ticket, User } from './domain.js';

/** Everything a full read of one ticket shows, beside the tenant-wide `users`. */
export interface TicketRecord {
  ticket: Ticket;
  /** Every configured field's value; fields the ticket has no value for read as their default. */
  values: ReadonlyMap<string, FieldValue>;
  lead: Lead | null;
  /** Field changes, oldest first. */
  history: FieldChange[];
  /** Activity counts and the latest activity; `null` when the ticket has none. */
  stats: ActivityStats | null;
  /** Files attached to the ticket itself (not to a conversation). */
  files: Attachment[];
  /** The ticket's activities of the requested types, oldest first (empty unless asked for). */
  activities: Activity[];
}

export interface TicketRecords {
  /** The tenant's users by id, for names. */
  users: ReadonlyMap<string, User>;
  /** In the order of the numbers asked for; numbers that are no live ticket are left out. */
  records: TicketRecord[];
}

/**
 * Loads several tickets for a full read: values, lead, history, activity summary, files and (when
 * `activityTypes` is given) activities. Tenant-wide data (fields, users) is read once.
 */
export async function loadTicketRecords(
  input: { orgId: number; numbers: readonly number[]; activityTypes?: readonly ActivityType[] },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<TicketRecords> {
  const { storage } = deps;
  const [fields, users] = await Promise.all([storage.fields.listFields(input.orgId), storage.users.list(input.orgId)]);
  const tickets = (
    await Promise.all([...new Set(input.numbers)].map((number) => storage.tickets.find(input.orgId, { number })))
  ).filter((t): t is Ticket => t !== undefined);
  const stats = await storage.ticketQueries.activityStats(tickets.map((t) => t.id));
  const records = await Promise.all(
    tickets.map(async (ticket): Promise<TicketRecord> => {
      const [stored, lead, history, files, activities] = await Promise.all([
        storage.tickets.values(ticket.id),
        ticket.leadId ? storage.leads.get(input.orgId, ticket.leadId) : undefined,
        storage.history.list(ticket.id),
        storage.activities.listTicketFiles(ticket.id),
        input.activityTypes?.length ? storage.activities.list(ticket.id, input.activityTypes) : [],
      ]);
      const values = new Map(fields.map((f) => [f.schemaName, stored.get(f.schemaName) ?? f.defaultValue]));
      return {
        ticket,
        values,
        lead: lead ?? null,
        history,
        stats: stats.get(ticket.id) ?? null,
        files,
        activities,
      };
    }),
  );
  return { users: new Map(users.map((u) => [u.id, u])), records };
}
