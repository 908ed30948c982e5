import type { CoreDeps } from './deps.js';
import type {
  Activity,
  ActivityStats,
  ActivityType,
  Attachment,
  FieldChange,
  FieldValue,
  Lead,
  Ticket,
  User,
} from './domain.js';

import type { TenantSnapshot } from './tenant-config.js';

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

/** Which tickets of a tenant to load, and with which activities. */
export interface TicketRecordsQuery {
  orgId: number;
  numbers: readonly number[];
  activityTypes?: readonly ActivityType[];
  /** The tenant's configuration when the caller has it (`Principal.config`): fields and users from it. */
  config?: TenantSnapshot | undefined;
}

/**
 * Loads several tickets for a full read: values, lead, history, activity summary, files and (when
 * `activityTypes` is given) activities. Tenant-wide data (fields, users) is read once, and each kind
 * of per-ticket data by one batch query for all the tickets, so a read costs the same number of
 * queries for one ticket as for fifty.
 */
export async function loadTicketRecords(
  input: TicketRecordsQuery,
  deps: Pick<CoreDeps, 'storage'>,
): Promise<TicketRecords> {
  const { storage } = deps;
  const { config } = input;
  const [fields, users, tickets] = await Promise.all([
    config?.fields ?? storage.fields.listFields(input.orgId),
    config?.users ?? storage.users.list(input.orgId).then((list) => new Map(list.map((u) => [u.id, u]))),
    storage.tickets.findMany(input.orgId, input.numbers),
  ]);
  const ids = tickets.map((t) => t.id);
  const leadIds = tickets.flatMap((t) => (t.leadId ? [t.leadId] : []));
  const [stats, stored, leads, history, files, activities] = await Promise.all([
    storage.ticketQueries.activityStats(ids),
    storage.tickets.valuesMany(ids),
    storage.leads.getMany(input.orgId, leadIds),
    storage.history.listMany(ids),
    storage.activities.listTicketFilesMany(ids),
    input.activityTypes?.length ? storage.activities.listMany(ids, input.activityTypes) : undefined,
  ]);
  const records = tickets.map((ticket): TicketRecord => {
    const own = stored.get(ticket.id);
    return {
      ticket,
      values: new Map(fields.map((f) => [f.schemaName, own?.get(f.schemaName) ?? f.defaultValue])),
      lead: (ticket.leadId ? leads.get(ticket.leadId) : undefined) ?? null,
      history: history.get(ticket.id) ?? [],
      stats: stats.get(ticket.id) ?? null,
      files: files.get(ticket.id) ?? [],
      activities: activities?.get(ticket.id) ?? [],
    };
  });
  return { users, records };
}
