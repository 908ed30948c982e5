// The normalized model over LeadSquared, on the seed examples (ticket #143 and its two documented
// conversations, https://apidocs.leadsquared.com/get-ticket-by-id/, https://apidocs.leadsquared.com/get-ticket-conversations/), and the TicketClient calls against the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Conversation, isDeskwireClientError, LeadSquaredClient, type Ticket } from '@deskwire/client';
import {
  DEMO_LEAD,
  DEMO_ORG,
  DEMO_TICKET_GUID,
  INJECT_HOST,
  startServer,
  type TestServer,
} from './helpers/deskwire-server.js';

const SEED_TEXT_131 = 'Hi, Has my email Id been updated. Have raised this issue a while ago. Thanks, Wim';

describe('LeadSquared tickets: the normalized model', () => {
  let server: TestServer;
  let lsq: LeadSquaredClient;
  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
    lsq = new LeadSquaredClient({ host: INJECT_HOST, orgId: DEMO_ORG, ...server.demo, fetch: server.fetch });
  });
  after(() => server.close());

  test('the seed ticket #143', async () => {
    const ticket: Ticket = await lsq.tickets.getTicket(143);
    const { raw, ...mapped } = ticket;
    assert.deepEqual(mapped, {
      vendor: 'leadsquared',
      id: '143',
      number: 143,
      key: '#143',
      remoteId: DEMO_TICKET_GUID,
      title: 'Update Email Id',
      description: SEED_TEXT_131,
      status: 'open',
      rawStatus: 'Open',
      rawSubStatus: null,
      priority: 'Medium',
      channel: 'Email',
      category: 'General',
      assignee: { kind: 'agent', id: 'c1826f52-ea88-11ee-9566-020f15161885', name: null, email: null, phone: null },
      requester: { kind: 'lead', id: DEMO_LEAD, name: null, email: null, phone: null },
      tags: [],
      createdAt: null,
      updatedAt: null,
      dueAt: new Date('2024-08-29T10:36:23Z'),
      closedAt: null,
      url: null,
      customFields: { SRC_CS_2: 'Online' },
      attachments: null, // L4 cannot list the ticket's own files: null, not an empty list that would mislead
    });
    assert.equal((raw as { TypeId: string }).TypeId, 'null', 'raw keeps the wire object');
  });

  test("the seed conversations: Html as sent, Text decoded, real Dates, the attachment's signed URL", async () => {
    const conversations: Conversation[] = await lsq.tickets.listConversations('#143');
    assert.equal(conversations.length, 2);
    const [first, second] = conversations;
    assert.ok(first && second);
    assert.equal(first.id, '131');
    assert.equal(first.kind, 'email-in');
    assert.equal(first.direction, 'inbound');
    assert.equal(first.isPrivate, false);
    assert.equal(first.body.text, SEED_TEXT_131);
    assert.match(first.body.html ?? '', /^(\r\n){7}<div class="WordSection1">/);
    assert.match(first.body.html ?? '', /&nbsp;/, 'HTML keeps its entities');
    assert.deepEqual(first.createdAt, new Date('2024-08-28T12:38:36.198Z'));
    assert.equal(first.author.id, 'a443f7b7-d1fd-11ec-993a-06f221480cd8');
    assert.deepEqual(first.attachments, []);

    assert.deepEqual(second.createdAt, new Date('2024-08-28T13:55:43.680Z'));
    assert.match(second.body.html ?? '', /Sri Sudhan R &lt;sri\.sudhan@leadsquared\.com&gt;/);
    assert.match(second.body.text ?? '', /^Please update my Id to xyz@example\.com/);
    const [attachment] = second.attachments;
    assert.ok(attachment);
    assert.equal(attachment.fileName, 'Aadhaar.png');
    assert.equal(attachment.contentType, 'image/png');
    assert.equal(attachment.size, 70);
    assert.equal(attachment.ticketId, '143');
    assert.equal(attachment.conversationId, '135');
    assert.ok(attachment.expiresAt && attachment.expiresAt.getTime() > Date.now() + 3500_000, 'an hour ahead');
  });

  test('downloadAttachment streams the file, and re-reads the conversation when the URL has expired', async () => {
    const [, second] = await lsq.tickets.listConversations(143);
    const attachment = second?.attachments[0];
    assert.ok(attachment);
    const first = await lsq.tickets.downloadAttachment(attachment);
    assert.equal(Buffer.from(await new Response(first.body).arrayBuffer()).length, 70);

    // The server's clock moves past the URL's expiry: the old URL answers 403 UrlExpired.
    server.advanceClock(3601_000);
    try {
      const direct = await lsq.downloadAttachment(attachment.url).catch((e: unknown) => e);
      assert.ok(isDeskwireClientError(direct) && direct.code === 'URL_EXPIRED');
      const fresh = await lsq.tickets.downloadAttachment(attachment);
      assert.notEqual(fresh.attachment.url, attachment.url, 'a new signed URL');
      assert.equal(fresh.fileName, 'Aadhaar.png');
      const bytes = Buffer.from(await new Response(fresh.body).arrayBuffer());
      assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    } finally {
      server.advanceClock(-3601_000);
    }
  });

  test('an attachment already known to be expired is refreshed before the download', async () => {
    const [, second] = await lsq.tickets.listConversations(143);
    const attachment = second?.attachments[0];
    assert.ok(attachment);
    const calls: string[] = [];
    const spy = new LeadSquaredClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      ...server.demo,
      fetch: server.fetch,
      debug: (e) => {
        if (e.type === 'request') calls.push(e.operation);
      },
    });
    const download = await spy.tickets.downloadAttachment({ ...attachment, expiresAt: new Date(Date.now() - 1000) });
    await download.body.cancel();
    assert.deepEqual(calls, ['lsq.listConversations', 'lsq.downloadAttachment']);
  });

  test('createTicket, updateTicket, addNote and getTickets', async () => {
    const created = await lsq.tickets.createTicket({
      title: 'Refund &amp; exchange',
      description: 'Customer wants a refund',
      status: 'Open',
      priority: 'High',
      requester: { email: 'new.customer@example.com', name: 'New Customer' },
      fields: { 'CustomData.SRC_CS_2': 'Offline', Tags: 'refund, vip' },
      files: [{ data: Buffer.from('receipt'), fileName: 'receipt.txt' }],
    });
    assert.equal(created.vendor, 'leadsquared');
    assert.match(created.id, /^\d+$/);
    assert.equal(created.key, `#${created.id.padStart(3, '0')}`);
    assert.match(created.remoteId ?? '', /^[0-9a-f-]{36}$/);

    const ticket = await lsq.tickets.getTicket(created.id);
    assert.equal(ticket.title, 'Refund & exchange', 'HTML entities decoded');
    assert.deepEqual(ticket.tags, ['refund', 'vip']);
    assert.deepEqual(ticket.customFields, { SRC_CS_2: 'Offline' });
    assert.equal(ticket.requester?.kind, 'lead');

    const updated = await lsq.tickets.updateTicket(created.key ?? '', { status: 'On Hold', priority: 'Low' });
    assert.equal(updated.id, created.id);
    const held = await lsq.tickets.getTicket(created.id);
    assert.equal(held.status, 'pending');
    assert.equal(held.rawStatus, 'On Hold');

    const byGuid = await lsq.tickets.updateTicket(created.remoteId ?? '', { status: 'Resolved' });
    assert.equal(byGuid.id, created.id);
    assert.equal((await lsq.tickets.getTicket(created.id)).status, 'resolved');

    const receipt = await lsq.tickets.addNote(created.id, 'Refund approved');
    assert.deepEqual(
      { ...receipt, raw: undefined },
      { vendor: 'leadsquared', ticketId: created.id, noteId: null, raw: undefined },
    );

    const many = await lsq.tickets.getTickets([created.id, 99999, '#143', created.id]);
    assert.deepEqual(
      many.map((t) => t.id),
      [created.id, '143'],
      'in the order asked, unknown ids left out, duplicates once',
    );
  });

  test('portal activity text comes back decoded; statusMap overrides the default mapping', async () => {
    await lsq.addPortalActivity(143, { Text: 'Tom &amp; Jerry&apos;s &#8377;500 refund', Direction: 'INBOUND' });
    const conversations = await lsq.tickets.listConversations(143);
    const portal = conversations.find((c) => c.kind === 'portal-in');
    assert.equal(portal?.body.text, "Tom & Jerry's ₹500 refund");
    assert.equal(portal?.direction, 'inbound');

    const custom = new LeadSquaredClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      ...server.demo,
      fetch: server.fetch,
      statusMap: { OPEN: 'pending' },
    });
    assert.equal((await custom.tickets.getTicket(143)).status, 'pending', 'statusMap wins, case-insensitively');
  });
});
