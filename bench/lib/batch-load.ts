import { randomUUID } from 'node:crypto';
import { type Storage, storageAdapterFor } from '@deskwire/server';
import { type Kysely, sql } from 'kysely';
import { random, ticketText, vocabulary, zipfSampler } from './corpus.js';
import { type BenchData, ORG, openBenchData } from './fixture.js';

/** Tickets per batch: one multi-row transaction for the rows, then one transaction of index writes. */
const BATCH = 2000;
const STATUSES = ['Open', 'Open', 'Open', 'In Progress', 'On Hold', 'Resolved', 'Resolved', 'Closed'];
const PRIORITIES = ['Low', 'Medium', 'Medium', 'High', 'Urgent'];
const CHANNELS = ['Email', 'Email', 'Portal', 'API', 'Phone', 'Chat', 'WhatsApp'];
const TAGS = ['vip', 'billing', 'hardware', 'refund', 'outage', 'onboarding', 'legal', 'feedback'];
const FLAGS = JSON.stringify({
  TriggerSLA: true,
  TriggerAssignmentRule: true,
  TriggerAutomation: true,
  TriggerNotification: true,
});

export interface LoadState {
  orgId: number;
  agents: string[];
  next: number;
  rand: () => number;
  word: () => string;
  /** Minutes after `start` of the last ticket written (tickets are spread over time). */
  start: number;
}

/**
 * Where a load starts: `firstNumber` is the first ticket number it writes (allocate it from the tenant
 * so the numbers already used, the demo's seed ticket among them, stay untouched). Tickets are assigned
 * among 20 agents, `agents` first (real users, e.g. the console bench's signed-in agent, so "My open"
 * has rows) and made-up ids for the rest; 15% are unassigned and 2% trashed.
 */
export function loadState(orgId: number, firstNumber: number, agents: readonly string[] = []): LoadState {
  const rand = random(42);
  return {
    orgId,
    agents: [...agents, ...Array.from({ length: Math.max(0, 20 - agents.length) }, () => randomUUID())],
    next: firstNumber,
    rand,
    word: zipfSampler(vocabulary(), rand),
    start: Date.parse('2024-01-01T00:00:00Z'),
  };
}

const pick = <T>(list: readonly T[], rand: () => number): T => list[Math.floor(rand() * list.length)] as T;

/**
 * Adds `count` tickets straight through the storage adapter in big transactions: ticket rows, field
 * values and conversations as multi-row inserts (`raw` is the adapter's own connection), then the
 * search rows through `Storage.ticketSearch.reindex`, the same code every write runs. Reaching a
 * million tickets through the API, one request each, would take hours.
 */
export async function bulkLoad(
  // biome-ignore lint/suspicious/noExplicitAny: the bench writes the store's tables without the server's private schema types
  raw: Kysely<any>,
  storage: Storage,
  state: LoadState,
  count: number,
): Promise<void> {
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const tickets: Record<string, unknown>[] = [];
    const values: Record<string, unknown>[] = [];
    const activities: Record<string, unknown>[] = [];
    for (let i = 0; i < size; i++) {
      const id = randomUUID();
      const number = state.next++;
      // About one ticket a minute; updated some time after creation.
      const created = new Date(state.start + number * 60_000);
      const updated = new Date(created.getTime() + Math.floor(state.rand() * 3 * 86_400_000));
      const text = ticketText(state.word, state.rand, number);
      tickets.push({
        id,
        org_id: state.orgId,
        number,
        type_id: 1,
        lead_id: null,
        created_by: null,
        flags: FLAGS,
        creation_type: 'API',
        created_at: created.toISOString(),
        updated_at: updated.toISOString(),
        deleted_at: state.rand() < 0.02 ? updated.toISOString() : null,
      });
      const tags = TAGS.filter(() => state.rand() < 0.12).join(', ');
      const fields: Array<[string, unknown]> = [
        ['Title', text.title],
        ['Description', text.description],
        ['Status', pick(STATUSES, state.rand)],
        ['Priority', pick(PRIORITIES, state.rand)],
        ['Channel', pick(CHANNELS, state.rand)],
        ['Type', 'General'],
        ['Tags', tags],
        ['RelatedAgentId', state.rand() < 0.15 ? null : pick(state.agents, state.rand)],
      ];
      for (const [schema_name, value] of fields)
        values.push({ ticket_id: id, schema_name, value: JSON.stringify(value) });
      text.conversations.forEach((message, k) => {
        activities.push({
          org_id: state.orgId,
          ticket_id: id,
          type: k % 2 === 0 ? 'InboundEmail' : 'OutboundEmail',
          html: null,
          text: message,
          created_by: 'bench',
          created_at: created.toISOString(),
        });
      });
      if (text.note) {
        activities.push({
          org_id: state.orgId,
          ticket_id: id,
          type: 'InternalNote',
          html: null,
          text: text.note,
          created_by: 'bench',
          created_at: updated.toISOString(),
        });
      }
    }
    await raw.transaction().execute(async (trx) => {
      for (let i = 0; i < tickets.length; i += 1000)
        await trx
          .insertInto('tickets')
          .values(tickets.slice(i, i + 1000))
          .execute();
      for (let i = 0; i < values.length; i += 5000) {
        await trx
          .insertInto('ticket_field_values')
          .values(values.slice(i, i + 5000))
          .execute();
      }
      for (let i = 0; i < activities.length; i += 2000) {
        await trx
          .insertInto('activities')
          .values(activities.slice(i, i + 2000))
          .execute();
      }
      await trx
        .updateTable('tenants')
        .set({ last_ticket_number: state.next - 1 })
        .where('org_id', '=', state.orgId)
        .execute();
    });
    await storage.transaction((tx) => tx.ticketSearch.reindex(tickets.map((t) => t.id as string)));
  }
}

/** Opens the bench's data set (no server has it open), adds `count` tickets with `bulkLoad`, closes it. */
export async function bulkLoadInto(data: BenchData, state: LoadState, count: number): Promise<void> {
  const location = { dataDir: data.dataDir, ...(data.databaseUrl !== undefined && { databaseUrl: data.databaseUrl }) };
  const deskwire = await openBenchData(data);
  // biome-ignore lint/suspicious/noExplicitAny: see bulkLoad
  const raw = storageAdapterFor(location).connect() as Kysely<any>;
  try {
    await bulkLoad(raw, deskwire.storage, state, count);
    // PostgreSQL's planner statistics as autovacuum would leave them after a load this size.
    if (data.databaseUrl !== undefined) await sql`analyze`.execute(raw);
  } finally {
    await raw.destroy().catch(() => {});
    await deskwire.close();
  }
}

/** The next free ticket number of the demo tenant, reserved, for `loadState`. */
export async function nextTicketNumber(data: BenchData): Promise<number> {
  const deskwire = await openBenchData(data);
  try {
    return await deskwire.storage.transaction((tx) => tx.tenants.allocateTicketNumber(ORG));
  } finally {
    await deskwire.close();
  }
}
