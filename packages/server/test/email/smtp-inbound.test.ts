import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addMailbox,
  buildApp,
  type EmailChannel,
  getKaptureSettings,
  kaptureTicketId,
  smtpPortOf,
  startEmailChannel,
} from '@deskwire/server';
import nodemailer from 'nodemailer';
import { openTestRedis, redisKeys, TEST_REDIS_URL, type TestRedis } from '../helpers/test-redis.js';
import { auth, DEMO_ORG } from '../helpers/test-server.js';
import { issueTokens, kap } from '../kapture/kapture-test-server.js';
import { customerMail, deliverSmtp, type EmailHarness, SUPPORT, startEmailHarness } from './email-harness.js';

type Json = Record<string, unknown>;

describe('SMTP inbound: a customer email opens a ticket', () => {
  let h: EmailHarness;
  before(async () => {
    h = await startEmailHarness({ smtp: { maxMessageBytes: 200_000, maxRecipients: 3 } });
  });
  after(() => h.close());

  const conversations = async (ticket: number) => {
    const res = await h.server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(h.server.demo),
      payload: { TicketId: ticket, OrgId: DEMO_ORG, ActivityType: ['InboundEmail', 'OutboundEmail'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { ConversationList: Json[] }).ConversationList;
  };
  const ticket = async (n: number) => {
    const res = await h.server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets/${n}`,
      headers: auth(h.server.demo),
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      Fields: Array<{ SchemaName: string; Value: unknown }>;
      LeadId: string;
      TicketId: string;
    };
    return { ...body, field: (name: string) => body.Fields.find((f) => f.SchemaName === name)?.Value };
  };

  test('250 after commit; the ticket reads through L4/L5 and K3 at once, in the seed shape', async () => {
    const raw = [
      'From: "Asha Rao" <Asha.Rao@Customer.example>',
      `To: Support <${SUPPORT}>`,
      'Cc: boss@customer.example, other@customer.example',
      'Subject: Printer on floor 3 is down',
      'Date: Mon, 02 Sep 2024 10:00:00 +0000',
      'Message-ID: <first-1@customer.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: multipart/alternative; boundary="b2"',
      '',
      '--b2',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hi,',
      'the printer is down again.',
      'Thanks, Asha',
      '--b2',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<div>Hi,<br>the printer is <b>down</b> again.<br>Thanks, Asha</div>',
      '--b2--',
      '--b1',
      'Content-Type: image/png; name="screen.png"',
      'Content-Disposition: attachment; filename="screen.png"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('fake png bytes for the test').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    const response = await h.deliver(raw, { from: 'asha.rao@customer.example' });
    assert.match(response, /^250 /);
    const latest = await h.server.deskwire.storage.tenants.get(DEMO_ORG);
    assert.ok(latest);
    const created = await ticket(144);
    assert.equal(created.field('Title'), 'Printer on floor 3 is down');
    assert.equal(created.field('Description'), 'Hi, the printer is down again. Thanks, Asha');
    assert.equal(created.field('Channel'), 'Email');
    assert.equal(created.field('CcEmails'), 'boss@customer.example, other@customer.example');
    assert.equal(created.field('Status'), 'Open');
    const lead = await h.server.deskwire.storage.leads.get(DEMO_ORG, created.LeadId);
    assert.equal(lead?.email, 'asha.rao@customer.example', 'the lead is found or created by the sender address');
    assert.equal(lead?.firstName, 'Asha');

    const list = await conversations(144);
    assert.equal(list.length, 1);
    const [conv] = list as [Json];
    assert.deepEqual(Object.keys(conv), [
      'RelatedActivityType',
      'Html',
      'Text',
      'Attachments',
      'CreatedBy',
      'CreatedOn',
      'Id',
    ]);
    assert.equal(conv.RelatedActivityType, 'InboundEmail');
    assert.equal(conv.Html, '<div>Hi,<br>the printer is <b>down</b> again.<br>Thanks, Asha</div>');
    assert.equal(conv.Text, 'Hi, the printer is down again. Thanks, Asha');
    assert.equal(conv.CreatedBy, created.LeadId, 'written by the lead, as in the seed');
    const files = conv.Attachments as Json[];
    assert.equal(files.length, 1);
    assert.equal(files[0]?.FileName, 'screen.png');
    assert.equal(files[0]?.ContentType, 'image/png');

    const tokens = await issueTokens(h.server);
    const k3 = await kap(h.server, 'get', tokens.get, {
      ticket_ids: kaptureTicketId(144, await getKaptureSettings(DEMO_ORG, h.server.deskwire)),
      conversation_type: '',
    });
    assert.equal(k3.statusCode, 200, k3.body);
    const [k] = k3.json() as [Json];
    assert.equal((k.task_details as Json).total_conversations, 1);
    // Every read above ran straight after the 250, with no polling or retry: the message was committed
    // before it was acknowledged, so it is readable at once through L5 and K3.

    const rows = await h.server.deskwire.storage.email.listForTicket(created.TicketId);
    assert.equal(rows.length, 1);
    assert.ok(await h.server.deskwire.blobs.has(rows[0]?.rawSha256 ?? ''), 'the raw .eml is kept');
    // The events it caused name the mail channel as their origin.
    const events = await h.server.deskwire.storage.events.list(DEMO_ORG, 0, 1000);
    const mine = events.filter((e) => e.ticket?.id === created.TicketId);
    assert.deepEqual(
      mine.map((e) => [e.type, e.origin.surface, e.origin.operation]),
      [
        ['ticket.created', 'email', 'email.smtpInbound'],
        ['conversation.added', 'email', 'email.smtpInbound'],
        ['attachment.added', 'email', 'email.smtpInbound'],
      ],
    );
  });

  test('the same message delivered twice is stored once', async () => {
    const raw = customerMail({ subject: 'Twice', body: 'Sent twice.', messageId: 'twice@customer.example' });
    const before = await lastNumber();
    assert.match(await h.deliver(raw), /^250 /);
    assert.match(await h.deliver(raw), /^250 /, 'a retry is acknowledged (the sender must stop retrying)');
    assert.equal(await lastNumber(), before + 1);
  });

  test('unknown recipients are refused at RCPT TO with 550; known ones still get the message', async () => {
    const raw = customerMail({ subject: 'Wrong door', body: 'x', messageId: 'wrong@customer.example' });
    await assert.rejects(
      deliverSmtp(h.smtpPort, raw, { to: ['nobody@edu101.example'] }),
      (e: Error & { responseCode?: number }) => {
        assert.equal(e.responseCode, 550);
        return true;
      },
    );
  });

  test('too many recipients: 452 beyond the limit, the first ones accepted', async () => {
    const raw = customerMail({ subject: 'Many', body: 'x', messageId: 'many@customer.example' });
    const to = ['a@edu101.example', 'b@edu101.example', 'c@edu101.example', 'd@edu101.example'];
    for (const address of to) await addMailbox({ orgId: DEMO_ORG, address }, h.server.deskwire);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: h.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({ envelope: { from: 'wim@customer.example', to }, raw });
    transport.close();
    assert.deepEqual(info.accepted, to.slice(0, 3));
    assert.deepEqual(info.rejected, ['d@edu101.example']);
    assert.equal((info.rejectedErrors?.[0] as { responseCode?: number } | undefined)?.responseCode, 452);
  });

  test('a message over the size limit is refused with 552 and stores nothing', async () => {
    const before = await lastNumber();
    const raw = customerMail({ subject: 'Big', body: 'x'.repeat(300_000), messageId: 'big@customer.example' });
    await assert.rejects(h.deliver(raw), (e: Error & { responseCode?: number }) => {
      assert.equal(e.responseCode, 552);
      return true;
    });
    assert.equal(await lastNumber(), before);
  });

  test('auto-replies, bulk mail and bounces are recorded but open no ticket', async () => {
    const before = await lastNumber();
    const auto = customerMail({
      subject: 'Out of office',
      body: 'I am away.',
      messageId: 'ooo@customer.example',
      extraHeaders: ['Auto-Submitted: auto-replied'],
    });
    const bulk = customerMail({
      subject: 'Newsletter',
      body: 'News.',
      messageId: 'news@customer.example',
      extraHeaders: ['Precedence: bulk'],
    });
    const bounce = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>',
      `To: ${SUPPORT}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@mx.customer.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.customer.example',
      '',
      'Final-Recipient: rfc822; gone@customer.example',
      'Action: failed',
      'Status: 5.1.1',
      '--r--',
      '',
    ].join('\r\n');
    for (const raw of [auto, bulk]) assert.match(await h.deliver(raw), /^250 /);
    assert.match(await h.deliver(bounce, { from: '' }), /^250 /);
    assert.equal(await lastNumber(), before, 'no ticket was opened');
  });

  async function lastNumber(): Promise<number> {
    const row = await h.server.deskwire.storage.ticketQueries.db
      .selectFrom('tenants')
      .select('last_ticket_number')
      .where('org_id', '=', DEMO_ORG)
      .executeTakeFirstOrThrow();
    return Number(row.last_ticket_number);
  }
});

describe('SMTP inbound: per-client-address rate limit', () => {
  let h: EmailHarness;
  before(async () => {
    h = await startEmailHarness({ smtp: { rateLimit: { max: 2, windowMs: 60_000 } } });
  });
  after(() => h.close());

  test('a third connection in the window gets 421', async () => {
    const raw = (n: number) =>
      customerMail({ subject: `Rate ${n}`, body: 'x', messageId: `rate-${n}@customer.example` });
    assert.match(await h.deliver(raw(1)), /^250 /);
    assert.match(await h.deliver(raw(2)), /^250 /);
    await assert.rejects(h.deliver(raw(3)), (e: Error & { responseCode?: number }) => {
      assert.equal(e.responseCode, 421);
      return true;
    });
  });
});

describe('SMTP inbound: the per-client-address rate limit holds across instances sharing Redis', () => {
  let h: EmailHarness;
  let redis: TestRedis;
  let second: EmailChannel;
  let third: EmailChannel;
  before(async () => {
    redis = openTestRedis('smtp-rate');
    const limit = { rateLimit: { max: 2, windowMs: 60_000 } };
    h = await startEmailHarness({ smtp: { ...limit, redis: redis.connect() } });
    // Two more instances over the same data and the same Redis, as behind one MX record.
    second = await startEmailChannel(h.server.deskwire, {
      smtp: { host: '127.0.0.1', port: 0, ...limit, redis: redis.connect() },
      sender: false,
      imap: false,
    });
    third = await startEmailChannel(h.server.deskwire, {
      smtp: { host: '127.0.0.1', port: 0, ...limit, redis: redis.connect() },
      sender: false,
      imap: false,
    });
  });
  after(async () => {
    await second.close();
    await third.close();
    await h.close();
    await redis.cleanup();
  });

  test('two connections spread over instances use the budget; the third, on another instance, gets 421', async () => {
    const raw = (n: number) =>
      customerMail({ subject: `Shared rate ${n}`, body: 'x', messageId: `shared-rate-${n}@customer.example` });
    assert.match(await h.deliver(raw(1)), /^250 /);
    assert.match(await deliverSmtp(second.smtpPort ?? 0, raw(2)), /^250 /);
    await assert.rejects(deliverSmtp(third.smtpPort ?? 0, raw(3)), (e: Error & { responseCode?: number }) => {
      assert.equal(e.responseCode, 421);
      return true;
    });
    // The count lives in Redis under the prefix, keyed by the client address.
    assert.deepEqual(await redisKeys(redis.client, redis.prefix), [`${redis.prefix}smtp-rate:127.0.0.1`]);
  });
});

describe('SMTP inbound: buildApp with --redis-url counts the SMTP rate limit in the shared Redis', () => {
  test('two apps (two instances) with the same Redis and prefix: the third connection, on either, gets 421', async () => {
    const h = await startEmailHarness();
    const redis = openTestRedis('smtp-rate-app');
    const options = {
      logLevel: false as const,
      redisUrl: TEST_REDIS_URL,
      redisKeyPrefix: redis.prefix,
      email: {
        smtp: { host: '127.0.0.1', port: 0, rateLimit: { max: 2, windowMs: 60_000 } },
        sendReplies: false,
        pollImap: false,
      },
    };
    const first = await buildApp(h.server.deskwire, options);
    const second = await buildApp(h.server.deskwire, options);
    try {
      await first.ready();
      await second.ready();
      const raw = (n: number) =>
        customerMail({ subject: `App rate ${n}`, body: 'x', messageId: `app-rate-${n}@customer.example` });
      assert.match(await deliverSmtp(smtpPortOf(first) ?? 0, raw(1)), /^250 /);
      assert.match(await deliverSmtp(smtpPortOf(second) ?? 0, raw(2)), /^250 /);
      await assert.rejects(deliverSmtp(smtpPortOf(first) ?? 0, raw(3)), (e: Error & { responseCode?: number }) => {
        assert.equal(e.responseCode, 421);
        return true;
      });
    } finally {
      await first.close();
      await second.close();
      await h.close();
      await redis.cleanup();
    }
  });
});
