import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseEmail, ReplySender, updateEmailSettings } from '@deskwire/server';
import { auth, DEMO_ORG } from '../helpers/test-server.js';
import { customerMail, type EmailHarness, SUPPORT, startEmailHarness, startSmtpSink } from './email-harness.js';

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

describe('outbound replies: POST /api/v1/tenants/{orgId}/tickets/{ref}/replies and the sender', () => {
  let h: EmailHarness;
  let sink: Sink;
  let sender: ReplySender;
  before(async () => {
    h = await startEmailHarness();
    sink = await startSmtpSink({ failFirst: 1 });
    await updateEmailSettings({ orgId: DEMO_ORG, patch: { relayUrl: sink.url } }, h.server.deskwire);
    sender = new ReplySender(h.channel.deps, { backoffMs: () => 0 });
  });
  after(async () => {
    await sink.close();
    await h.close();
  });

  const reply = (ref: string | number, payload: unknown, headers = auth(h.server.demo)) =>
    h.server.app.inject({
      method: 'POST',
      url: `/api/v1/tenants/${DEMO_ORG}/tickets/${encodeURIComponent(String(ref))}/replies`,
      headers,
      payload: payload as Record<string, unknown>,
    });
  const record = async (messageId: string) => {
    const [row] = await h.server.deskwire.storage.email.findByMessageIds(DEMO_ORG, [messageId]);
    assert.ok(row);
    return row;
  };

  test("a customer's mail, an agent's reply with verifiable threading headers, and the answer on the same ticket", async () => {
    await h.deliver(
      customerMail({
        from: 'Wim <wim@customer.example>',
        cc: 'boss@customer.example',
        subject: 'Invoice missing',
        body: 'Where is my invoice?',
        messageId: 'inv-1@customer.example',
      }),
    );
    const res = await reply('#144', {
      text: 'Hello Wim,\nattached soon.',
      html: '<p>Hello Wim,<br>attached soon.</p>',
    });
    assert.equal(res.statusCode, 201, res.body);
    const queued = res.json() as {
      messageId: string;
      ticketNumber: number;
      to: string[];
      cc: string[];
      sendState: string;
    };
    assert.equal(queued.ticketNumber, 144);
    assert.deepEqual(queued.to, ['wim@customer.example']);
    assert.deepEqual(queued.cc, ['boss@customer.example']);
    assert.equal(queued.sendState, 'queued');

    // The sink refuses the first attempt (451): retried with backoff, outcome recorded each time.
    assert.equal(await sender.runOnce(), 1);
    const retried = await record(queued.messageId);
    assert.equal(retried.sendState, 'queued');
    assert.match(retried.lastError ?? '', /451/);
    assert.equal(sink.received.length, 0);
    assert.equal(await sender.runOnce(), 1);
    assert.equal(sink.received.length, 1);
    const sent = await record(queued.messageId);
    assert.equal(sent.sendState, 'sent');
    assert.equal(sent.attempts, 2);

    const [mail] = sink.received;
    assert.ok(mail);
    assert.equal(mail.from, SUPPORT);
    assert.deepEqual(mail.to.sort(), ['boss@customer.example', 'wim@customer.example']);
    const parsed = await parseEmail(mail.raw);
    assert.equal(parsed.messageId, queued.messageId);
    assert.deepEqual(h.channel.deps.messageIds.verify(parsed.messageId), { orgId: DEMO_ORG, ticketNumber: 144 });
    assert.equal(parsed.referenced[0], 'inv-1@customer.example', 'In-Reply-To names the customer message');
    assert.equal(parsed.subject, 'Re: [#144] Invoice missing');
    assert.equal(parsed.headers.get('in-reply-to'), '<inv-1@customer.example>');

    // The customer's client answers with only In-Reply-To and a changed subject: it still lands on #144.
    await h.deliver(
      customerMail({
        from: 'wim@customer.example',
        subject: 'thanks',
        body: 'Got it',
        messageId: 'inv-2@customer.example',
        inReplyTo: parsed.messageId,
      }),
    );
    const answer = await record('inv-2@customer.example');
    const ticket = await h.server.deskwire.storage.tickets.find(DEMO_ORG, { number: 144 });
    assert.equal(answer.ticketId, ticket?.id);

    const l5 = await h.server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(h.server.demo),
      payload: { TicketId: 144, OrgId: DEMO_ORG, ActivityType: ['InboundEmail', 'OutboundEmail'] },
    });
    const types = (l5.json() as { ConversationList: Array<{ RelatedActivityType: string; Text: string }> })
      .ConversationList;
    assert.deepEqual(
      types.map((c) => c.RelatedActivityType),
      ['InboundEmail', 'OutboundEmail', 'InboundEmail'],
    );
    assert.equal(types[1]?.Text, 'Hello Wim, attached soon.');
  });

  test('an internal note is stored and never mailed', async () => {
    const before = sink.received.length;
    const res = await reply(144, { text: 'Customer is VIP', internal: true });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((res.json() as { messageId: unknown }).messageId, null);
    assert.equal(await sender.runOnce(), 0);
    assert.equal(sink.received.length, before);
  });

  test('a reply survives a sender crash: the lease runs out and the same Message-ID goes out again', async () => {
    const res = await reply(144, { text: 'Second answer' });
    const { messageId } = res.json() as { messageId: string };
    const row = await record(messageId);
    // A sender claims it and dies before sending.
    const claimed = await h.server.deskwire.storage.email.claim(
      row.id,
      h.server.deskwire.now(),
      h.server.deskwire.now(),
    );
    assert.ok(claimed);
    h.server.advanceClock(1000);
    const before = sink.received.length;
    assert.equal(await sender.runOnce(), 1);
    assert.equal(sink.received.length, before + 1);
    assert.equal((await parseEmail(sink.received.at(-1)?.raw ?? Buffer.alloc(0))).messageId, messageId);
  });

  test('a bounce of our reply marks the reply failed, opens nothing, and is never answered', async () => {
    const res = await reply(144, { text: 'Third answer' });
    const { messageId } = res.json() as { messageId: string };
    await sender.runOnce();
    const bounce = [
      'From: MAILER-DAEMON@mx.customer.example',
      `To: ${SUPPORT}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-77@mx.customer.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'Delivery failed.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.customer.example',
      '',
      'Final-Recipient: rfc822; wim@customer.example',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--r',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <${messageId}>`,
      'Subject: Re: [#144] Invoice missing',
      '--r--',
      '',
    ].join('\r\n');
    const sentBefore = sink.received.length;
    assert.match(await h.deliver(bounce, { from: '' }), /^250 /);
    const row = await record(messageId);
    assert.equal(row.sendState, 'failed');
    assert.match(row.lastError ?? '', /bounced/);
    await sender.runOnce();
    assert.equal(sink.received.length, sentBefore, 'nothing is sent in answer to a bounce');
  });

  test('bad input: 400 for an empty reply or an unknown property, 404 for an unknown ticket, 401 without keys', async () => {
    assert.equal((await reply(144, {})).statusCode, 400);
    assert.equal((await reply(144, { text: '   ' })).statusCode, 400);
    assert.equal((await reply(144, { text: 'x', bcc: 'spy@x.example' })).statusCode, 400);
    const missing = await reply(99_999, { text: 'x' });
    assert.equal(missing.statusCode, 404);
    assert.equal((missing.json() as { ExceptionType: string }).ExceptionType, 'TicketNotFound');
    assert.equal((await reply(144, { text: 'x' }, {})).statusCode, 401);
    assert.equal((await reply('abc', { text: 'x' })).statusCode, 400);
  });
});
