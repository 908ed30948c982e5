import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  multipart,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';
import { issueTokens, KAP_PATH, kap, type Tokens } from './kapture/kapture-test-server.js';

// Issue 15 item 5: a lone surrogate (`"\ud800"` in JSON) is refused at the edge with a 400 naming the
// field, in both dialects, the sandbox and multipart text parts; nothing of it is stored or echoed.

const LONE = '\ud800';

describe('ill-formed Unicode is refused at the edge', () => {
  let server: TestServer;
  let tokens: Tokens;

  before(async () => {
    server = await startTestServer({ logLevel: false, adminToken: 'unicode-test-token' });
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  const createWithTitle = (title: string) => {
    const body = documentedCreateBody(DEMO_LEAD);
    body.Fields[0] = { SchemaName: 'Title', Value: title };
    return server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: { ...auth(server.demo), 'content-type': 'application/json' },
      // JSON.stringify writes the lone surrogate as the escape `\ud800`, as an attacker would.
      payload: JSON.stringify(body),
    });
  };

  test('L1: a lone surrogate in Title is a 400 naming Fields[0].Value (Title); a paired one is fine', async () => {
    const res = await createWithTitle(`Broken ${LONE} title`);
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().ExceptionType, 'ValidationError');
    assert.match(res.json().ExceptionMessage, /^body Fields\[0\]\.Value \(Title\) contains ill-formed Unicode/);
    assert.ok(!res.body.includes('\\ud800') && !res.body.includes(LONE), 'the bad code unit is not echoed');

    const ok = await createWithTitle('Emoji \u{1F600} title');
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('L1: a lone low surrogate, and one in a property name, are refused too', async () => {
    const low = await createWithTitle('\udc00');
    assert.equal(low.statusCode, 400);
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: { ...auth(server.demo), 'content-type': 'application/json' },
      payload: `{"TypeId":"1","LeadId":"${DEMO_LEAD}","Fields":[],"x\\ud800":1}`,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().ExceptionMessage, /the property name/);
  });

  test('L2: the ticketDTO text part is checked like a JSON body', async () => {
    const body = documentedCreateBody(DEMO_LEAD);
    body.Fields[1] = { SchemaName: 'Description', Value: `x${LONE}` };
    const form = multipart([
      { name: 'ticketDTO', value: JSON.stringify(body) },
      { name: 'files', filename: 'a.txt', content: Buffer.from('hello') },
    ]);
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: { ...auth(server.demo), ...form.headers },
      payload: form.payload,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(
      res.json().ExceptionMessage,
      /^Part 'ticketDTO' Fields\[1\]\.Value \(Description\) contains ill-formed/,
    );
  });

  test('L3 update, L6 note and L7 portal message refuse it', async () => {
    const update = await server.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/143/update`,
      headers: { ...auth(server.demo), 'content-type': 'application/json' },
      payload: JSON.stringify({ Fields: [{ SchemaName: 'Title', Value: LONE }] }),
    });
    assert.equal(update.statusCode, 400, update.body);
    const portal = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/ticket/143/portal/activity`,
      headers: { ...auth(server.demo), 'content-type': 'application/json' },
      payload: JSON.stringify({ Text: LONE, Direction: 'Inbound' }),
    });
    assert.equal(portal.statusCode, 400, portal.body);
    assert.match(portal.json().ExceptionMessage, /^body Text contains ill-formed Unicode/);
  });

  test('K1 and K2: the Kapture envelope, naming the field', async () => {
    const add = await kap(server, 'add', tokens.add, [{ title: `t${LONE}`, ticket_details: 'x' }]);
    assert.equal(add.statusCode, 400, add.body);
    assert.equal(add.json().status, 'failed');
    assert.match(add.json().message, /^body \[0\]\.title contains ill-formed Unicode/);
    const update = await kap(server, 'update', tokens.update, { ticket_id: '713516551148', comment: LONE });
    assert.equal(update.statusCode, 400, update.body);
    assert.match(update.json().message, /^body comment contains/);
  });

  test('a query parameter and the sandbox controls refuse it', async () => {
    const query = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets?TicketId=%ED%A0%80`,
      headers: auth(server.demo),
    });
    assert.ok(query.statusCode < 500, query.body);
    const sandbox = await server.app.inject({
      method: 'POST',
      url: `/_deskwire/tenants/${DEMO_ORG}/tickets`,
      headers: { authorization: 'Bearer unicode-test-token', 'content-type': 'application/json' },
      payload: JSON.stringify({ lead: { email: 'a@example.com' }, fields: { Title: LONE } }),
    });
    assert.equal(sandbox.statusCode, 400, sandbox.body);
    assert.match(sandbox.json().ExceptionMessage, /^body fields\.Title contains ill-formed Unicode/);
  });

  test('nothing ill-formed reached the store: K4 pulls parse with a strict UTF-8 decoder', async () => {
    const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
    const res = await server.app.inject({
      method: 'POST',
      url: KAP_PATH.pull,
      headers: { authorization: `Basic ${tokens.pull}`, 'content-type': 'application/json' },
      payload: JSON.stringify([{ start_date: today, end_date: today }]),
    });
    assert.equal(res.statusCode, 200, res.body);
    // A lone surrogate would come out as the escape `\ud800` (or as invalid UTF-8).
    assert.doesNotMatch(res.body, /\\ud[89a-f][0-9a-f]{2}/i);
    new TextDecoder('utf-8', { fatal: true }).decode(res.rawPayload);
  });
});
