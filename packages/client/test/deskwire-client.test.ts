// DeskwireClient (/api/v1) against a running Deskwire server, through the built package.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DESKWIRE_OPERATIONS,
  DeskwireClient,
  type DeskwireClientError,
  isDeskwireClientError,
  LeadSquaredClient,
} from '@deskwire/client';
import { NATIVE_OPERATIONS } from '@deskwire/wire';
import { DEMO_LEAD, DEMO_ORG, INJECT_HOST, startServer, type TestServer } from './helpers/deskwire-server.js';

async function rejection(promise: Promise<unknown>): Promise<DeskwireClientError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDeskwireClientError(error), `expected a DeskwireClientError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('DeskwireClient against a Deskwire server', () => {
  let server: TestServer;
  let desk: DeskwireClient;
  const sent: string[] = [];
  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
    desk = new DeskwireClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      ...server.demo,
      fetch: server.fetch,
      debug: (e) => {
        if (e.type === 'request') sent.push(e.operation);
      },
    });
    // Two more tickets, so a list of one per page takes several pages.
    const lsq = new LeadSquaredClient({ host: INJECT_HOST, orgId: DEMO_ORG, ...server.demo, fetch: server.fetch });
    for (const title of ['First for the list', 'Second for the list']) {
      await lsq.createTicket({
        TypeId: '1',
        LeadId: DEMO_LEAD,
        Fields: [{ SchemaName: 'Title', Value: title }],
        RelatedTicketTypeId: 1,
      });
    }
  });
  after(() => server.close());

  test('the table is the catalogue: every /api/v1 operation, same name, method and path', () => {
    assert.deepEqual(Object.keys(DESKWIRE_OPERATIONS), Object.keys(NATIVE_OPERATIONS));
    for (const [key, op] of Object.entries(NATIVE_OPERATIONS)) {
      const mine = DESKWIRE_OPERATIONS[key as keyof typeof DESKWIRE_OPERATIONS];
      assert.deepEqual([mine.name, mine.method, mine.path], [op.name, op.method, op.path]);
      assert.equal(mine.safe, op.kind === 'read');
    }
  });

  test('me, getTicket, updateTicket and assign', async () => {
    const me = await desk.me();
    assert.equal(me.auth, 'key');
    assert.equal(me.tenant.orgId, DEMO_ORG);
    const ticket = await desk.getTicket(143);
    assert.equal(ticket.key, '#143');
    assert.deepEqual(await desk.getTicket('#143'), ticket);
    const updated = await desk.updateTicket(143, { Priority: 'High' });
    assert.equal(updated.fields.Priority, 'High');
    const assigned = await desk.assignTicket(143, me.user.id);
    assert.equal(assigned.fields.RelatedAgentId, me.user.id);
    assert.equal((await desk.assignTicket(143, null)).fields.RelatedAgentId, null);
  });

  test('lists, search and iterateTickets follow cursors to the end', async () => {
    const first = await desk.listTickets({ limit: '1', sort: 'number' });
    assert.equal(first.tickets.length, 1);
    const all: number[] = [];
    for await (const t of desk.iterateTickets({ limit: '1', sort: 'number' })) all.push(t.number);
    const once = await desk.listTickets({ limit: '100', sort: 'number' });
    assert.deepEqual(
      all,
      once.tickets.map((t) => t.number),
    );
    assert.ok(all.length > 1, 'the demo has several tickets');
    assert.ok(sent.filter((name) => name === 'v1.listTickets').length > all.length, 'one call per page');
    const found = await desk.searchTickets('#143');
    assert.equal(found.tickets[0]?.number, 143);
  });

  test('thread, note and attachments', async () => {
    const note = await desk.addNote(143, { text: 'from the SDK' });
    assert.equal(note.ticketNumber, 143);
    const thread = await desk.getThread(143);
    assert.ok(thread.entries.some((e) => e.kind === 'note' && e.text === 'from the SDK'));
    const files = await desk.listAttachments(143);
    assert.ok(Array.isArray(files.attachments));
  });

  test('users, lookups and fields', async () => {
    const users = await desk.listUsers();
    assert.ok(users.users.length > 0);
    const lookups = await desk.listLookups();
    assert.ok(lookups.lookups.some((l) => l.schemaName === 'Status'));
    const fields = await desk.listFields();
    assert.ok(fields.fields.some((f) => f.schemaName === 'Title'));
  });

  test('presence: a heartbeat answers the others, leaving works; the sandbox journal tails by cursor', async () => {
    const present = await desk.setPresence(143, 'replying');
    assert.deepEqual(present, { ticketNumber: 143, ttlSeconds: 30, agents: [] });
    assert.deepEqual((await desk.getPresence('#143')).agents, []);
    await desk.leavePresence(143);
    await desk.getTicket(143);
    const { requests, cursor } = await desk.listJournal({ operation: 'v1.getTicket', limit: '1' });
    assert.equal(requests[0]?.operation, 'v1.getTicket');
    assert.deepEqual(await desk.listJournal({ after: String(cursor), operation: 'v1.getTicket' }), {
      requests: [],
      cursor,
    });
  });

  test("failures are DeskwireClientError with Deskwire's code, the secret never in them", async () => {
    const missing = await rejection(desk.getTicket(999_999));
    assert.equal(missing.status, 404);
    assert.equal(missing.code, 'NOT_FOUND');
    assert.equal(missing.vendorCode, 'TicketNotFound');
    const invalid = await rejection(desk.updateTicket(143, { Status: 'Exploded' }));
    assert.equal(invalid.status, 400);
    assert.equal(invalid.vendorCode, 'InvalidFieldValue');
    assert.ok(!JSON.stringify(invalid).includes(server.demo.secretKey));
    const wrong = new DeskwireClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      accessKey: 'u$rnope',
      secretKey: 'nope',
      fetch: server.fetch,
    });
    const unauthorized = await rejection(wrong.me());
    assert.equal(unauthorized.status, 401);
  });
});
