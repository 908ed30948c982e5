// The normalized model over Kapture: on the vendor's own example (its dd-MM-yyyy HH:mm dates in
// IST and its `&apos;` name), and the TicketClient calls against the server (batching included).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { type DebugEvent, type DeskwireClientError, isDeskwireClientError, KaptureClient } from '@deskwire/client';
import { INJECT_HOST, startServer, type TestServer } from './helpers/deskwire-server.js';

const SEED_TICKET_ID = '713516551148';
const example = await readFile(new URL('./fixtures/kapture-get-ticket-713516551148.json', import.meta.url), 'utf8');

async function rejection(promise: Promise<unknown>): Promise<DeskwireClientError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(isDeskwireClientError(error), `expected a DeskwireClientError, got ${String(error)}`);
  return error;
}

describe('Kapture tickets: the normalized model', () => {
  test("the vendor's example: IST dates as real Dates, the &apos; name decoded, the raw record kept", async () => {
    const kapture = new KaptureClient({
      host: 'https://devapi.kapturecrm.com',
      token: 'example-token',
      fetch: async () => new Response(example, { status: 200, headers: { 'content-type': 'application/json' } }),
    });
    const ticket = await kapture.tickets.getTicket(SEED_TICKET_ID);
    const { raw, ...mapped } = ticket;
    assert.deepEqual(mapped, {
      vendor: 'kapture',
      id: '713516551148',
      number: 713516551148,
      key: null,
      remoteId: '530348198',
      title: 'TEST 1',
      description: null,
      status: 'pending',
      rawStatus: 'Pending',
      rawSubStatus: 'Pending',
      priority: 'low',
      channel: 'Mobile App',
      category: 'Inbox',
      assignee: { kind: 'agent', id: '209803', name: "Kapture Dev API's", email: null, phone: null },
      requester: null,
      tags: [],
      createdAt: new Date('2024-04-19T08:49:00Z'), // "19-04-2024 14:19" at +05:30
      updatedAt: new Date('2024-04-22T09:01:00Z'), // lastFollowUp "22-04-2024 14:31"
      dueAt: null,
      closedAt: null,
      url: 'https://devapi.kapturecrm.com/employee/view-task-detail.html?detail=5/530348198/713516551148',
      customFields: {},
      attachments: [], // the example's task_details.attachments: the ticket's own files
    });
    assert.equal(raw.task_details.creatorName, 'Kapture Dev API&apos;s', 'raw keeps the wire text');

    const utc = new KaptureClient({
      host: 'https://x.kapturecrm.com',
      token: 't',
      utcOffset: '+00:00',
      fetch: async () => new Response(example),
    });
    assert.deepEqual((await utc.tickets.getTicket(SEED_TICKET_ID)).createdAt, new Date('2024-04-19T14:19:00Z'));
  });

  describe('against the server', () => {
    let server: TestServer;
    let kapture: KaptureClient;
    let events: DebugEvent[] = [];
    before(async () => {
      server = await startServer();
      await server.rateLimit(false);
      const tokens = await server.kaptureTokens("Kapture Dev API's");
      kapture = new KaptureClient({
        host: INJECT_HOST,
        tokens,
        fetch: server.fetch,
        rateLimit: false,
        debug: (e) => events.push(e),
      });
    });
    after(() => server.close());

    test('createTicket, getTicket (the creator name decoded), updateTicket, addNote', async () => {
      const created = await kapture.tickets.createTicket({
        title: 'Refund &amp; return',
        description: 'Wrong size',
        priority: 'urgent',
        requester: { email: 'asha@example.com', name: 'Asha' },
        fields: { order_ref: 'ORD-9' },
      });
      assert.equal(created.vendor, 'kapture');
      assert.match(created.id, /^\d{12}$/);
      assert.match(created.remoteId ?? '', /^\d+$/);

      const ticket = await kapture.tickets.getTicket(created.id);
      assert.equal(ticket.title, 'Refund & return');
      assert.equal(ticket.priority, 'urgent');
      assert.equal(ticket.status, 'open');
      assert.equal(ticket.assignee?.name, "Kapture Dev API's", 'unassigned tickets show their creator, decoded');
      assert.equal(ticket.requester?.kind, 'customer');
      assert.equal(ticket.requester?.email, 'asha@example.com');
      assert.equal(ticket.customFields.order_ref, 'ORD-9');
      assert.ok(ticket.createdAt instanceof Date && Math.abs(ticket.createdAt.getTime() - Date.now()) < 120_000);

      await kapture.tickets.updateTicket(created.id, { status: 'RS' });
      const resolved = await kapture.tickets.getTicket(created.id);
      assert.equal(resolved.status, 'resolved');
      assert.equal(resolved.rawStatus, 'Complete');
      assert.ok(resolved.closedAt instanceof Date);

      const receipt = await kapture.tickets.addNote(created.id, 'Refund sent');
      assert.equal(receipt.ticketId, created.id);
      const conversations = await kapture.tickets.listConversations(created.id);
      assert.deepEqual(
        conversations.map((c) => [c.kind, c.isPrivate, c.body.text, c.author.name]),
        [['note', true, 'Refund sent', "Kapture Dev API's"]],
      );
    });

    test('what Kapture cannot do is UNSUPPORTED, before anything is sent', async () => {
      events = [];
      const files = await rejection(
        kapture.tickets.createTicket({ title: 'x', files: [{ data: Buffer.from('x'), fileName: 'x.txt' }] }),
      );
      assert.equal(files.code, 'UNSUPPORTED');
      const title = await rejection(kapture.tickets.updateTicket(SEED_TICKET_ID, { title: 'New title' }));
      assert.equal(title.code, 'UNSUPPORTED');
      assert.equal(events.filter((e) => e.type === 'request').length, 0);
      const missing = await rejection(kapture.tickets.getTicket('999999999999'));
      assert.equal(missing.code, 'NOT_FOUND');
    });

    test('the seed conversations: emails with their HTML, the attachment, download with refresh', async () => {
      const conversations = await kapture.tickets.listConversations(SEED_TICKET_ID);
      const emails = conversations.filter((c) => c.kind === 'email-in');
      assert.equal(emails.length, 2);
      const [first, second] = emails;
      assert.equal(
        first?.body.text,
        'Hi, Has my email Id been updated. Have raised this issue a while ago. Thanks, Wim',
      );
      assert.match(first?.body.html ?? '', /<div class="WordSection1">/);
      assert.deepEqual(first?.createdAt, new Date('2024-08-28T12:38:00Z'), 'minute precision, as Kapture writes');
      const attachment = second?.attachments[0];
      assert.ok(attachment);
      assert.equal(attachment.fileName, 'Aadhaar.png');
      assert.equal(attachment.contentType, 'image/png');
      assert.ok(attachment.expiresAt instanceof Date);

      const download = await kapture.tickets.downloadAttachment(attachment);
      assert.equal(
        Buffer.from(await new Response(download.body).arrayBuffer())
          .subarray(1, 4)
          .toString(),
        'PNG',
      );

      server.advanceClock(3601_000);
      try {
        const fresh = await kapture.tickets.downloadAttachment(attachment);
        assert.notEqual(fresh.attachment.url, attachment.url);
        assert.equal(Buffer.from(await new Response(fresh.body).arrayBuffer()).length, 70);
      } finally {
        server.advanceClock(-3601_000);
      }
    });

    test('getTickets batches 50 ids per K3 call, keeps the order asked, leaves unknown ids out', async () => {
      const created: string[] = [];
      for (let i = 0; i < 55; i++) created.push((await kapture.tickets.createTicket({ title: `Batch ${i}` })).id);
      events = [];
      const asked = [...created].reverse();
      asked.splice(10, 0, '999999999999');
      const tickets = await kapture.tickets.getTickets([...asked, SEED_TICKET_ID, created[0] ?? '']);
      assert.deepEqual(
        tickets.map((t) => t.id),
        [...created].reverse().concat(SEED_TICKET_ID),
      );
      const calls = events.filter((e) => e.type === 'request' && e.operation === 'kapture.getTickets');
      assert.equal(calls.length, 2, '57 distinct ids: two calls (50 + 7)');
    });
  });
});
