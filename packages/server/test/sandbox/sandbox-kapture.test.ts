import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_KAPTURE_SETTINGS, kaptureTicketId } from '@deskwire/server';
import { type SandboxServer, sandboxTenant, sandboxTicket, startSandboxServer } from './sandbox-server.js';

const ORG = 7601;
const K3 = '/search-ticket-by-ticket-id.html/v.2.0';

describe('sandbox controls on the Kapture dialect', () => {
  let server: SandboxServer;
  let number: number;
  before(async () => {
    server = await startSandboxServer();
    await sandboxTenant(server, ORG, { rateLimit: { max: 10_000, windowMs: 1000 } });
    number = await sandboxTicket(server, ORG, { fields: { Title: 'Seen from Kapture' } });
  });
  after(() => server.close());

  const k3 = (token: string) =>
    server.app.inject({
      method: 'POST',
      url: K3,
      headers: { authorization: `Basic ${token}` },
      payload: { ticket_ids: kaptureTicketId(number, DEFAULT_KAPTURE_SETTINGS) },
    });

  test('a token issued through the sandbox reads a sandbox-seeded ticket; revoking it takes effect at once', async () => {
    const issued = await server.admin('POST', `/tenants/${ORG}/tokens`, { api: 'get' });
    assert.equal(issued.statusCode, 201, issued.body);
    const { token, id, api } = issued.json();
    assert.equal(api, 'get');
    assert.match(token, /^dwt_/);
    const res = await k3(token);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json()[0]?.task_details?.ticketId, kaptureTicketId(number, DEFAULT_KAPTURE_SETTINGS));

    assert.equal((await server.admin('DELETE', `/tenants/${ORG}/tokens/${id}`)).statusCode, 204);
    assert.equal((await k3(token)).statusCode, 401);
  });

  test('journal and fault rules cover Kapture operations; the token never reaches the journal', async () => {
    const { token } = (await server.admin('POST', `/tenants/${ORG}/tokens`, { api: 'get' })).json();
    await server.admin('DELETE', `/tenants/${ORG}/requests`);
    const rule = (
      await server.admin('POST', '/faults', { orgId: ORG, operation: 'kapture.*', times: 1, respond: { status: 503 } })
    ).json();
    assert.equal((await k3(token)).statusCode, 503);
    assert.equal((await k3(token)).statusCode, 200);
    const requests = (await server.admin('GET', `/tenants/${ORG}/requests`)).json().requests;
    assert.deepEqual(
      requests.map((r: { operation: string; status: number; faultId: string | null }) => [
        r.operation,
        r.status,
        r.faultId,
      ]),
      [
        ['kapture.getTickets', 503, rule.id],
        ['kapture.getTickets', 200, null],
      ],
    );
    assert.doesNotMatch(JSON.stringify(requests), new RegExp(token.slice(4)));
  });
});
