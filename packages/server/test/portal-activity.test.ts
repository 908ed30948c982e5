import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auth, DEMO_LEAD, DEMO_ORG, startTestServer, type TestServer } from './helpers/test-server.js';

describe('L7 POST /api/tenants/{orgId}/ticket/{ticketId}/portal/activity', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
  });
  after(() => server.close());

  const post = (payload: unknown, ticket = '143') =>
    server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/ticket/${ticket}/portal/activity`,
      headers: auth(server.demo),
      payload: payload as object,
    });
  const documented = { Text: 'The lead submitted the ticket through our portal', Direction: 'INBOUND' };

  test('the documented request answers the documented response and shows up as PortalInbound', async () => {
    const res = await post(documented);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['Id', 'Status', 'Message']);
    assert.match(body.Id, /^[0-9]+$/);
    assert.equal(body.Status, 'Success');
    assert.equal(body.Message, null);

    const conversations = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(server.demo),
      payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['PortalInbound'] },
    });
    const list = conversations.json().ConversationList;
    assert.equal(list.length, 1);
    assert.equal(list[0].Id, Number(body.Id));
    assert.equal(list[0].RelatedActivityType, 'PortalInbound');
    assert.equal(list[0].Text, documented.Text);
    assert.equal(list[0].CreatedBy, DEMO_LEAD, 'a customer-side action, by the ticket lead');
    assert.equal(list[0].Html, documented.Text, 'a text-only conversation still has an Html string, as in the seed');
  });

  test("a text-only conversation's Html is the text, escaped, with line breaks as <br>", async () => {
    const text = 'Line <one> & "two"\nLine 3';
    assert.equal((await post({ ...documented, Text: text })).statusCode, 200);
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(server.demo),
      payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['PortalInbound'] },
    });
    const entry = res.json().ConversationList.find((c: { Text: string }) => c.Text === text);
    assert.equal(entry.Html, 'Line &#60;one&#62; &#38; &#34;two&#34;<br>\r\nLine 3');
  });

  const bad: Array<[string, unknown, string, number, string]> = [
    ['Direction OUTBOUND', { ...documented, Direction: 'OUTBOUND' }, '143', 400, 'ValidationError'],
    ['lower-case inbound', { ...documented, Direction: 'inbound' }, '143', 400, 'ValidationError'],
    ['no Text', { Direction: 'INBOUND' }, '143', 400, 'ValidationError'],
    ['an unknown ticket', documented, '99999', 404, 'TicketNotFound'],
  ];
  for (const [label, payload, ticket, status, code] of bad) {
    test(`refuses ${label} with ${status} ${code}`, async () => {
      const res = await post(payload, ticket);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().ExceptionType, code);
    });
  }
});
