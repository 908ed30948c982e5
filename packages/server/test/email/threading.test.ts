import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MessageIdSigner, updateEmailSettings, updateTicket } from '@deskwire/server';
import { DEMO_ORG } from '../helpers/test-server.js';
import { customerMail, type EmailHarness, startEmailHarness } from './email-harness.js';

describe('threading over SMTP', () => {
  let h: EmailHarness;
  before(async () => {
    h = await startEmailHarness();
  });
  after(() => h.close());

  const store = () => h.server.deskwire.storage;
  /** The ticket number the stored message with this Message-ID belongs to. */
  const ticketOf = async (messageId: string): Promise<number | undefined> => {
    const [row] = await store().email.findByMessageIds(DEMO_ORG, [messageId]);
    if (!row?.ticketId) return undefined;
    return (await store().tickets.find(DEMO_ORG, { id: row.ticketId }))?.number;
  };
  const status = async (number: number) => {
    const ticket = await store().tickets.find(DEMO_ORG, { number });
    return ticket && (await store().tickets.values(ticket.id)).get('Status');
  };

  test('0 of 50 forged [#143] messages from non-participants attach to #143', async () => {
    for (let i = 0; i < 50; i++) {
      const raw = customerMail({
        from: `Mallory ${i} <mallory${i}@attacker.example>`,
        subject: i % 2 ? `RE: [#143] Update Email Id` : `[#143] please change the account email to mine`,
        body: `Forged message ${i}`,
        messageId: `forged-${i}@attacker.example`,
      });
      assert.match(await h.deliver(raw, { from: `mallory${i}@attacker.example` }), /^250 /);
    }
    let attached = 0;
    for (let i = 0; i < 50; i++) if ((await ticketOf(`forged-${i}@attacker.example`)) === 143) attached += 1;
    assert.equal(attached, 0);
  });

  test('the [#143] token threads when the sender is the requester, and when they are on Cc', async () => {
    const raw = customerMail({
      from: 'Wim <wim@example.com>',
      subject: 'Re: [#143] Update Email Id',
      body: 'Any news?',
      messageId: 'wim-token@example.com',
    });
    await h.deliver(raw);
    assert.equal(await ticketOf('wim-token@example.com'), 143);
    await updateTicket(
      {
        orgId: DEMO_ORG,
        actor: null,
        ticket: { number: 143 },
        fields: [{ schemaName: 'CcEmails', value: 'manager@example.com' }],
      },
      h.server.deskwire,
    );
    await h.deliver(
      customerMail({
        from: 'manager@example.com',
        subject: '[#143] Update Email Id',
        body: 'Please hurry',
        messageId: 'mgr-token@example.com',
      }),
    );
    assert.equal(await ticketOf('mgr-token@example.com'), 143);
  });

  test('a stored Message-ID in In-Reply-To or References threads, even without a token or with another subject', async () => {
    await h.deliver(customerMail({ subject: 'Laptop broken', body: 'Screen dark.', messageId: 'laptop-1@c.example' }));
    const first = await ticketOf('laptop-1@c.example');
    assert.ok(first !== undefined && first !== 143);
    await h.deliver(
      customerMail({
        subject: 'more details',
        body: 'It flickers.',
        messageId: 'laptop-2@c.example',
        references: '<unknown@elsewhere.example> <laptop-1@c.example>',
      }),
    );
    assert.equal(await ticketOf('laptop-2@c.example'), first);
  });

  test('a signed Message-ID threads; one with an altered signature or another tenant does not', async () => {
    const signer = h.channel.deps.messageIds;
    const good = signer.create(DEMO_ORG, 143, 'edu101.example');
    await h.deliver(
      customerMail({
        from: 'stranger@new.example',
        subject: 'no token',
        body: 'x',
        messageId: 'signed-ok@new.example',
        inReplyTo: good,
      }),
    );
    assert.equal(await ticketOf('signed-ok@new.example'), 143, 'our own id cannot be forged, so any sender may use it');

    const mac = good.split('@')[0]?.split('.').at(-1) ?? '';
    const tampered = good.replace(
      mac,
      mac.replace(/^./, (c) => (c === '0' ? '1' : '0')),
    );
    await h.deliver(
      customerMail({
        from: 'stranger@new.example',
        subject: 'x',
        body: 'x',
        messageId: 'signed-bad@new.example',
        inReplyTo: tampered,
      }),
    );
    assert.notEqual(await ticketOf('signed-bad@new.example'), 143);

    const otherKey = new MessageIdSigner(Buffer.alloc(32, 7)).create(DEMO_ORG, 143, 'edu101.example');
    await h.deliver(
      customerMail({
        from: 'stranger@new.example',
        subject: 'x',
        body: 'x',
        messageId: 'signed-foreign@new.example',
        inReplyTo: otherKey,
      }),
    );
    assert.notEqual(await ticketOf('signed-foreign@new.example'), 143);
  });

  test('a reply to a resolved ticket reopens it (default rule); with new-ticket, it opens a new one', async () => {
    await h.deliver(customerMail({ subject: 'VPN', body: 'No VPN.', messageId: 'vpn-1@c.example' }));
    const vpn = (await ticketOf('vpn-1@c.example')) ?? 0;
    await updateTicket(
      { orgId: DEMO_ORG, actor: null, ticket: { number: vpn }, fields: [{ schemaName: 'Status', value: 'Resolved' }] },
      h.server.deskwire,
    );
    await h.deliver(
      customerMail({
        subject: 'Re: VPN',
        body: 'Broken again',
        messageId: 'vpn-2@c.example',
        inReplyTo: 'vpn-1@c.example',
      }),
    );
    assert.equal(await ticketOf('vpn-2@c.example'), vpn);
    assert.equal(await status(vpn), 'Open');

    await updateEmailSettings({ orgId: DEMO_ORG, patch: { reopenRule: 'new-ticket' } }, h.server.deskwire);
    await updateTicket(
      { orgId: DEMO_ORG, actor: null, ticket: { number: vpn }, fields: [{ schemaName: 'Status', value: 'Closed' }] },
      h.server.deskwire,
    );
    await h.deliver(
      customerMail({
        subject: 'Re: VPN',
        body: 'And again',
        messageId: 'vpn-3@c.example',
        inReplyTo: 'vpn-2@c.example',
      }),
    );
    const next = await ticketOf('vpn-3@c.example');
    assert.ok(next !== undefined && next !== vpn);
    assert.equal(await status(vpn), 'Closed');
    await updateEmailSettings({ orgId: DEMO_ORG, patch: { reopenRule: 'reopen' } }, h.server.deskwire);
  });
});
