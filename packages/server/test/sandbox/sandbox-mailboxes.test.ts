import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type EmailChannel, startEmailChannel } from '@deskwire/server';
import { customerMail, deliverSmtp } from '../email/email-harness.js';
import { DEMO_ORG } from '../helpers/test-server.js';
import { type SandboxServer, sandboxTenant, startSandboxServer } from './sandbox-server.js';

describe('sandbox: a tenant inbound email addresses (GET/POST/DELETE /_deskwire/tenants/{orgId}/mailboxes)', () => {
  let server: SandboxServer;
  let channel: EmailChannel;
  const other = 7701;
  before(async () => {
    server = await startSandboxServer();
    await server.unlimit();
    await sandboxTenant(server, other);
    // A running SMTP listener over the same data: what the sandbox changes, it sees at the next RCPT TO.
    channel = await startEmailChannel(server.deskwire, {
      smtp: { host: '127.0.0.1', port: 0, rateLimit: { max: 1_000_000, windowMs: 60_000 } },
      sender: false,
      imap: false,
    });
  });
  after(async () => {
    await channel.close();
    await server.close();
  });

  const send = (to: string, n: number) =>
    deliverSmtp(
      channel.smtpPort ?? 0,
      customerMail({ subject: `Sandbox mailbox ${n}`, body: 'x', messageId: `sandbox-mailbox-${n}@customer.example` }),
      { to: [to] },
    );

  test('add (normalized), list, and mail to it is accepted by the running listener', async () => {
    await assert.rejects(send('help@sandbox.example', 1), (e: Error & { responseCode?: number }) => {
      assert.equal(e.responseCode, 550, 'unknown before it is added');
      return true;
    });
    const added = await server.admin('POST', `/tenants/${DEMO_ORG}/mailboxes`, { address: ' Help@Sandbox.Example ' });
    assert.equal(added.statusCode, 201, added.body);
    assert.deepEqual(added.json(), { orgId: DEMO_ORG, address: 'help@sandbox.example' });
    const listed = await server.admin('GET', `/tenants/${DEMO_ORG}/mailboxes`);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.json(), { orgId: DEMO_ORG, addresses: ['help@sandbox.example'] });
    assert.match(await send('help@sandbox.example', 2), /^250 /);
  });

  test('adding the same address again to the same tenant is idempotent; to another tenant is 409 MailboxExists', async () => {
    const again = await server.admin('POST', `/tenants/${DEMO_ORG}/mailboxes`, { address: 'help@sandbox.example' });
    assert.equal(again.statusCode, 201);
    const taken = await server.admin('POST', `/tenants/${other}/mailboxes`, { address: 'help@sandbox.example' });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().ExceptionType, 'MailboxExists');
    const otherList = await server.admin('GET', `/tenants/${other}/mailboxes`);
    assert.deepEqual(otherList.json(), { orgId: other, addresses: [] });
  });

  test("another tenant's path cannot remove the address: 404, and it stays routed", async () => {
    const res = await server.admin('DELETE', `/tenants/${other}/mailboxes/help@sandbox.example`);
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().ExceptionType, 'NotFound');
    assert.match(await send('help@sandbox.example', 3), /^250 /);
  });

  test('remove: 204, then mail to it is refused with 550 by the running listener; removing again is 404', async () => {
    const res = await server.admin('DELETE', `/tenants/${DEMO_ORG}/mailboxes/HELP@sandbox.example`);
    assert.equal(res.statusCode, 204, res.body);
    await assert.rejects(send('help@sandbox.example', 4), (e: Error & { responseCode?: number }) => {
      assert.equal(e.responseCode, 550);
      return true;
    });
    const again = await server.admin('DELETE', `/tenants/${DEMO_ORG}/mailboxes/help@sandbox.example`);
    assert.equal(again.statusCode, 404);
  });

  test('bad input: precise 400s, unknown tenant 404, never a 500', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', `/tenants/${DEMO_ORG}/mailboxes`, { address: 'not-an-address' }, 400, 'ValidationError'],
      ['POST', `/tenants/${DEMO_ORG}/mailboxes`, { address: 'a@b.example', extra: 1 }, 400, 'ValidationError'],
      ['POST', `/tenants/${DEMO_ORG}/mailboxes`, {}, 400, 'ValidationError'],
      ['POST', '/tenants/999999/mailboxes', { address: 'a@b.example' }, 404, 'TenantNotFound'],
      ['GET', '/tenants/999999/mailboxes', undefined, 404, 'TenantNotFound'],
      ['DELETE', `/tenants/${DEMO_ORG}/mailboxes/nope`, undefined, 400, 'ValidationError'],
    ];
    for (const [method, path, body, status, type] of cases) {
      const res = await server.admin(method as 'POST', path, body);
      assert.equal(res.statusCode, status, `${method} ${path}: ${res.body}`);
      assert.equal(res.json().ExceptionType, type, `${method} ${path}`);
    }
  });
});
