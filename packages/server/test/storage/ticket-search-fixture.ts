/** The ticket search suite's shared state: the store, the tickets every case starts from, and list helpers. */
import { randomUUID } from 'node:crypto';
import type { Storage, Tenant, TicketListQuery, TicketSummary } from '@deskwire/server';

/** What a runner gives the suite: a fresh store, a way to reopen it, and raw SQL on it (for the migration case). */
export interface SearchSuiteStore {
  storage: Storage;
  reopen: () => Promise<Storage>;
  /** Runs statements straight on the database (outside Storage). */
  exec: (statements: readonly string[]) => Promise<void>;
  cleanup: () => Promise<void>;
}

/** A ticket to create: its title, and the fields that differ from the defaults `insert` fills in. */
export interface NewTicket {
  title: string;
  description?: string;
  status?: string;
  priority?: string;
  channel?: string;
  type?: string;
  subType?: string;
  tags?: string;
  agent?: string | null;
  leadId?: string | null;
  minute?: number;
}

/** What the case groups share; `store` and `storage` are set by `setUp` (the suite's `before`). */
export type SearchSuiteContext = ReturnType<typeof ticketSearchFixture>;

/** Builds the suite's context; the suite runs `setUp` before its cases and `tearDown` after them. */
export function ticketSearchFixture(open: () => Promise<SearchSuiteStore>) {
  let store: SearchSuiteStore;
  let storage: Storage;
  const base = Date.parse('2025-03-01T00:00:00Z');
  const at = (minutes: number) => new Date(base + minutes * 60_000);
  const agentA = randomUUID();
  const agentB = randomUUID();
  const flags = { TriggerSLA: true, TriggerAssignmentRule: true, TriggerAutomation: true, TriggerNotification: true };
  const tenant = (orgId: number): Tenant => ({
    orgId,
    name: `Org ${orgId}`,
    apiEnabled: true,
    ipAllowlist: null,
    rateLimit: { max: 25, windowMs: 5000 },
    createdAt: at(0),
  });
  let clock = 0;

  /** Creates a ticket as every surface does (number, ticket row, values) in one transaction. */
  function create(orgId: number, t: NewTicket, s: Storage = storage) {
    return s.transaction((tx) => insert(tx, orgId, t));
  }
  /** The writes of `create`, in a transaction of the caller's. */
  async function insert(tx: Parameters<Parameters<Storage['transaction']>[0]>[0], orgId: number, t: NewTicket) {
    const minute = t.minute ?? ++clock;
    const id = randomUUID();
    const n = await tx.tenants.allocateTicketNumber(orgId);
    const values = new Map<string, string | null>([
      ['Title', t.title],
      ['Description', t.description ?? ''],
      ['Status', t.status ?? 'Open'],
      ['Priority', t.priority ?? 'Medium'],
      ['Channel', t.channel ?? 'API'],
      ['Type', t.type ?? 'General'],
      ['SubType', t.subType ?? null],
      ['Tags', t.tags ?? ''],
      ['RelatedAgentId', t.agent ?? null],
    ]);
    await tx.tickets.insert(
      {
        id,
        orgId,
        number: n,
        typeId: 1,
        leadId: t.leadId ?? null,
        createdBy: null,
        flags,
        creationType: 'API',
        createdAt: at(minute),
        updatedAt: at(minute),
      },
      values,
    );
    return { id, number: n };
  }
  const list = (query: Omit<TicketListQuery, 'orgId'>, orgId = 1) => storage.ticketSearch.list({ orgId, ...query });
  const numbers = async (query: Omit<TicketListQuery, 'orgId'>, orgId = 1) =>
    (await list(query, orgId)).tickets.map((t) => t.number);
  /** Every page of a list, following cursors. */
  async function all(query: Omit<TicketListQuery, 'orgId'>, orgId = 1): Promise<TicketSummary[]> {
    const rows: TicketSummary[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await list({ ...query, ...(after !== undefined && { after }) }, orgId);
      rows.push(...page.tickets);
      if (page.nextCursor === undefined) return rows;
      after = page.nextCursor;
    }
    throw new Error('too many pages');
  }

  /** The tenant's Priority lookup, in the order given (the `priority` sort follows it). */
  function priorityOrder(orgId: number, values: readonly string[]) {
    return storage.fields.replaceLookupValues(
      orgId,
      'Priority',
      values.map((value, i) => ({ schemaName: 'Priority', value, text: value, sortingOrder: i + 1, active: true })),
    );
  }

  // Fixture: org 1 has tickets 1–8, org 2 has look-alikes that org 1 must never see.
  const fixture: Record<string, { id: string; number: number }> = {};
  const leadId = randomUUID();
  const otherLeadId = randomUUID();

  async function setUp() {
    store = await open();
    storage = store.storage;
    for (const orgId of [1, 2, 3]) {
      await storage.tenants.create(tenant(orgId));
      await priorityOrder(orgId, ['Low', 'Medium', 'High', 'Urgent']);
    }
    await storage.leads.create(
      {
        id: leadId,
        orgId: 1,
        email: 'maria.lopez@example.com',
        phone: '+919876543210',
        firstName: 'Maria',
        lastName: 'Lopez',
        attributes: {},
      },
      at(0),
    );
    await storage.leads.create(
      {
        id: otherLeadId,
        orgId: 2,
        email: 'maria.lopez@example.com',
        phone: '+919876543210',
        firstName: 'Other',
        lastName: 'Tenant',
        attributes: {},
      },
      at(0),
    );
    fixture.printer = await create(1, {
      title: 'Printer on floor two is jammed',
      description: 'The office printer shows error E-42 and the tray is stuck.',
      status: 'Open',
      priority: 'High',
      channel: 'Email',
      type: 'Problem',
      subType: 'Hardware',
      tags: 'office, Hardware',
      agent: agentA,
      leadId,
    });
    fixture.refund = await create(1, {
      title: 'Refund for order 1234',
      description: 'I was charged twice for order-1234. Please refund the duplicate payment.',
      status: 'On Hold',
      priority: 'Urgent',
      channel: 'Portal',
      type: 'Request',
      tags: 'billing; VIP',
      agent: agentB,
    });
    fixture.password = await create(1, {
      title: 'Cannot reset password',
      description: 'The reset link in the email has expired. Printer unrelated.',
      status: 'Resolved',
      priority: 'Low',
      channel: 'Email',
      type: 'Question',
      tags: 'account',
      agent: null,
    });
    fixture.unicode = await create(1, {
      title: 'Größe der Rechnung falsch',
      description: 'Le café est froid. 東京 office. Naïve résumé.',
      status: 'Open',
      priority: 'Medium',
      channel: 'WhatsApp',
      tags: 'billing',
      agent: null,
    });
    fixture.trashed = await create(1, {
      title: 'Printer toner order duplicate',
      description: 'Old duplicate ticket.',
      status: 'Closed',
      priority: 'Low',
    });
    await storage.transaction((tx) => tx.tickets.trash(1, fixture.trashed?.number ?? 0, at(50)));
    fixture.other = await create(2, {
      title: 'Printer on floor two is jammed',
      description: 'Org 2 printer, order 1234, E-42.',
      leadId: otherLeadId,
    });
  }
  const tearDown = () => store.cleanup();

  const n = (key: string) => fixture[key]?.number ?? -1;

  return {
    get store() {
      return store;
    },
    /** The open storage; the migration case reopens it and sets it here, for the helpers too. */
    get storage() {
      return storage;
    },
    set storage(reopened: Storage) {
      storage = reopened;
    },
    at,
    agentA,
    agentB,
    flags,
    tenant,
    create,
    insert,
    priorityOrder,
    list,
    numbers,
    all,
    fixture,
    leadId,
    otherLeadId,
    n,
    setUp,
    tearDown,
  };
}
