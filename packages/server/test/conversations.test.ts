import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { addActivity } from '@deskwire/server';
import { auth, DEMO_ORG, startTestServer, type TestServer } from './helpers/test-server.js';

const seed = JSON.parse(await readFile(new URL('./fixtures/lsq-conversations-143.json', import.meta.url), 'utf8'));
const PNG_SIZE = 70;

describe('L5 POST /api/tenants/{orgId}/conversation/filter', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
  });
  after(() => server.close());

  const filter = (payload: unknown) =>
    server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(server.demo),
      payload: payload as object,
    });
  const documented = { TicketId: 143, OrgId: 22824, ActivityType: ['InboundEmail'] };

  test('the documented request answers the documented shape, field by field', async () => {
    const res = await filter(documented);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(Object.keys(body), Object.keys(seed));
    assert.equal(body.Total, 2);
    assert.equal(body.Conversations, null);
    assert.equal(body.ConversationList.length, 2);
    for (const [i, got] of body.ConversationList.entries()) {
      const want = seed.ConversationList[i];
      assert.deepEqual(Object.keys(got), Object.keys(want), 'conversation keys in the documented order');
      for (const key of ['RelatedActivityType', 'Text', 'CreatedBy', 'CreatedOn', 'Id']) {
        assert.deepEqual(got[key], want[key], key);
      }
      assert.equal(typeof got.Id, 'number', 'conversation Id is a number');
      assert.match(got.Html, /<p/);
    }
    const [attachment] = body.ConversationList[1].Attachments;
    const wanted = seed.ConversationList[1].Attachments[0];
    assert.deepEqual(Object.keys(attachment), Object.keys(wanted));
    assert.deepEqual(
      { ...attachment, FileSize: undefined, ContentPath: undefined },
      { ...wanted, FileSize: undefined, ContentPath: undefined },
    );
    assert.equal(attachment.FileSize, PNG_SIZE);
    assert.match(
      attachment.ContentPath,
      /^http:\/\/localhost(:\d+)?\/files\/[0-9a-f-]{36}\/Aadhaar\.png\?expires=\d+&kid=[0-9a-f]{8}&signature=[0-9a-f]{64}$/,
    );
  });

  test('ContentPath downloads the file, and only while the URL is intact and unexpired', async () => {
    const path = (await filter(documented))
      .json()
      .ConversationList[1].Attachments[0].ContentPath.replace(/^http:\/\/[^/]+/, '');
    const ok = await server.app.inject({ method: 'GET', url: path });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers['content-type'], 'image/png');
    assert.equal(ok.rawPayload.length, PNG_SIZE);
    assert.deepEqual(ok.rawPayload.subarray(1, 4).toString(), 'PNG');

    const tampered = [
      path.replace(/signature=(.)/, (_m: string, c: string) => `signature=${c === 'a' ? 'b' : 'a'}`),
      path.replace(/expires=(\d+)/, (_m: string, e: string) => `expires=${Number(e) + 1}`),
      path.replace('Aadhaar.png', 'Other.png'),
      path.replace(/\?.*$/, ''),
    ];
    for (const url of tampered) {
      const res = await server.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 403, url);
      assert.equal(res.json().ExceptionType, 'InvalidSignature');
    }

    server.advanceClock(3601 * 1000);
    try {
      const expired = await server.app.inject({ method: 'GET', url: path });
      assert.equal(expired.statusCode, 403);
      assert.equal(expired.json().ExceptionType, 'UrlExpired');
    } finally {
      server.advanceClock(-3601 * 1000);
    }
  });

  test('filters by ActivityType and lists oldest first', async () => {
    const deps = server.deskwire;
    const base = Date.parse('2024-08-29T00:00:00Z');
    await addActivity(
      {
        orgId: DEMO_ORG,
        ticket: { number: 143 },
        type: 'OutboundEmail',
        text: 'We are on it',
        createdBy: 'agent',
        seed: { id: 9001, createdAt: new Date(base + 2000) },
      },
      deps,
    );
    await addActivity(
      {
        orgId: DEMO_ORG,
        ticket: { number: 143 },
        type: 'PortalInbound',
        text: 'Via portal',
        createdBy: 'lead',
        seed: { id: 9000, createdAt: new Date(base + 1000) },
      },
      deps,
    );
    const out = (await filter({ ...documented, ActivityType: ['OutboundEmail'] })).json();
    assert.equal(out.Total, 1);
    assert.equal(out.ConversationList[0].RelatedActivityType, 'OutboundEmail');
    const all = (
      await filter({ ...documented, ActivityType: ['PortalInbound', 'OutboundEmail', 'InboundEmail'] })
    ).json();
    assert.deepEqual(
      all.ConversationList.map((c: { Id: number }) => c.Id),
      [131, 135, 9000, 9001],
    );
    assert.equal(all.Total, 4);
  });

  test('internal notes never appear among conversations', async () => {
    await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/internalnote/upload`,
      headers: auth(server.demo),
      payload: {
        TextPart: 'secret note',
        ActivityType: 'CreateInternalNote',
        StorageType: 'Permament',
        RelatedTicketId: 143,
      },
    });
    const all = (
      await filter({
        ...documented,
        ActivityType: ['InboundEmail', 'OutboundEmail', 'PortalInbound', 'PortalOutbound'],
      })
    ).json();
    assert.ok(all.ConversationList.every((c: { Text: string }) => c.Text !== 'secret note'));
  });

  const bad: Array<[string, unknown, number, string]> = [
    ['an unknown ticket', { ...documented, TicketId: 99999 }, 404, 'TicketNotFound'],
    ['an OrgId other than the URL', { ...documented, OrgId: 1 }, 400, 'ValidationError'],
    ['TicketId as a string', { ...documented, TicketId: '143' }, 400, 'ValidationError'],
    ['an unknown ActivityType', { ...documented, ActivityType: ['Sms'] }, 400, 'ValidationError'],
    ['an empty ActivityType', { ...documented, ActivityType: [] }, 400, 'ValidationError'],
    ['no ActivityType', { TicketId: 143, OrgId: 22824 }, 400, 'ValidationError'],
  ];
  test('an unknown ActivityType is answered with every accepted value', async () => {
    const res = await filter({ ...documented, ActivityType: ['Sms'] });
    assert.equal(
      res.json().ExceptionMessage,
      `Invalid body: 'ActivityType.0' must be one of "InboundEmail", "OutboundEmail", "PortalInbound", "PortalOutbound"`,
    );
  });

  for (const [label, payload, status, code] of bad) {
    test(`refuses ${label} with ${status} ${code}`, async () => {
      const res = await filter(payload);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().ExceptionType, code);
    });
  }
});
