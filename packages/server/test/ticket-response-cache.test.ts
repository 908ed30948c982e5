import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import {
  addActivity,
  addCustomField,
  createApiKey,
  createTenant,
  createTicket,
  resetTenant,
  TicketResponseCache,
  trashTickets,
  updateTicket,
} from '@deskwire/server';
import { auth, DEMO_ORG, type Keys, startTestServer } from './helpers/test-server.js';
import { type Instance, openTwoInstances, type TwoInstances } from './helpers/two-instances.js';

// Issue 14: L4 answers are kept as finished bytes and checked on every request against the ticket's
// version (moved by triggers in the writing transaction, migration 0014) and the tenant's configuration
// generation. Two instances on one store (two `openDeskwire`s, as two servers or a server and an admin
// command): whatever one writes, the other's very next read shows.

let world: TwoInstances;
let server: Instance;
/** The other instance (another server, an admin command): changes go through it. */
let other: Instance;
let demo: Keys;

const get = (keys: Keys, ref: string | number = 143, org = DEMO_ORG, at: Instance = server) =>
  at.app.inject({ method: 'GET', url: `/api/tenants/${org}/tickets/${ref}`, headers: auth(keys) });

const fieldValue = (body: string, schemaName: string): unknown =>
  (JSON.parse(body) as { Fields: Array<{ SchemaName: string; Value: unknown }> }).Fields.find(
    (f) => f.SchemaName === schemaName,
  )?.Value;

const cacheSize = () => server.app.deskwireServices.ticketAnswers.size;

before(async () => {
  world = await openTwoInstances('deskwire-answers-');
  ({ server, other, demo } = world);
});

after(() => world.close());

describe('cached L4 answers are byte-identical', () => {
  test('the first (built) and later (cached) answers are the same bytes and headers, and match the seed fixture', async () => {
    const first = await get(demo);
    const entries = cacheSize().entries;
    const second = await get(demo);
    const third = await get(demo);
    assert.equal(first.statusCode, 200);
    assert.ok(entries >= 1, 'the answer was kept');
    assert.equal(second.rawPayload.compare(first.rawPayload), 0);
    assert.equal(third.rawPayload.compare(first.rawPayload), 0);
    assert.equal(second.headers['content-type'], first.headers['content-type']);
    assert.equal(second.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(second.headers['content-length'], first.headers['content-length']);
    const fixture = JSON.parse(
      await readFile(new URL('./fixtures/lsq-get-ticket-143.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    assert.deepEqual(Object.keys(second.json()), Object.keys(fixture), 'key order as the vendor sends it');
  });

  test('each reference form (number, #key, GUID, ?TicketId=) answers the same bytes', async () => {
    const byNumber = await get(demo, 143);
    const ticketId = (byNumber.json() as { TicketId: string }).TicketId;
    for (const form of ['%23143', ticketId, ticketId.toUpperCase()]) {
      for (let i = 0; i < 2; i++) {
        const res = await get(demo, form);
        assert.equal(res.rawPayload.compare(byNumber.rawPayload), 0, `${form}, read ${i + 1}`);
      }
    }
    const byQuery = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets?TicketId=${ticketId}`,
      headers: auth(demo),
    });
    assert.equal(byQuery.rawPayload.compare(byNumber.rawPayload), 0);
  });
});

describe('read-after-write: a write by another instance is seen by the next read', () => {
  test('an L3 update over HTTP on the other instance', async () => {
    await get(demo);
    await get(demo); // cached now
    const res = await other.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/143/update`,
      headers: auth(demo),
      payload: {
        TypeId: '1',
        Id: '143',
        Fields: [{ SchemaName: 'Title', Value: 'Changed elsewhere' }],
        RelatedTicketTypeId: 1,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(fieldValue((await get(demo)).body, 'Title'), 'Changed elsewhere');
  });

  test('an update through the core (as an admin command writes), then another', async () => {
    for (const title of ['Admin one', 'Admin two']) {
      await updateTicket(
        { orgId: DEMO_ORG, actor: null, ticket: { number: 143 }, fields: [{ schemaName: 'Title', value: title }] },
        other.deskwire,
      );
      assert.equal(fieldValue((await get(demo)).body, 'Title'), title);
      assert.equal(fieldValue((await get(demo)).body, 'Title'), title, 'and from the cache');
    }
  });

  test('a new custom field (configuration, not the ticket) is listed at once', async () => {
    await get(demo);
    await addCustomField({ orgId: DEMO_ORG, name: 'ANSWER_PROBE', dataType: 'Text' }, other.deskwire);
    assert.notEqual(fieldValue((await get(demo)).body, 'CustomData.ANSWER_PROBE'), undefined);
  });

  test('a trashed ticket is a 404 at once; a reset tenant re-using the number answers the new ticket', async () => {
    const orgId = 7501;
    const created = await createTenant({ orgId, name: 'Reset me' }, other.deskwire);
    const keys = { accessKey: created.accessKey, secretKey: created.secretKey };
    const make = (title: string) =>
      createTicket(
        { orgId, actor: created.admin, typeId: 1, lead: null, fields: [{ schemaName: 'Title', value: title }] },
        other.deskwire,
      );
    await make('First life');
    assert.equal(fieldValue((await get(keys, 1, orgId)).body, 'Title'), 'First life');
    assert.equal(fieldValue((await get(keys, 1, orgId)).body, 'Title'), 'First life');
    await trashTickets({ orgId, numbers: [1] }, other.deskwire);
    assert.equal((await get(keys, 1, orgId)).statusCode, 404);
    await resetTenant({ orgId, keepConfig: true }, other.deskwire);
    await make('Second life');
    assert.equal(fieldValue((await get(keys, 1, orgId)).body, 'Title'), 'Second life');
  });
});

describe('per tenant, per role, bounded', () => {
  test("a tenant's cached ticket never answers for another tenant's ticket of the same number", async () => {
    const tenants = [7510, 7511];
    const keys: Keys[] = [];
    for (const orgId of tenants) {
      const created = await createTenant({ orgId, name: `Tenant ${orgId}` }, other.deskwire);
      keys.push({ accessKey: created.accessKey, secretKey: created.secretKey });
      await createTicket(
        {
          orgId,
          actor: created.admin,
          typeId: 1,
          lead: null,
          fields: [{ schemaName: 'Title', value: `Ticket of ${orgId}` }],
        },
        other.deskwire,
      );
    }
    for (let round = 0; round < 2; round++) {
      for (const [i, orgId] of tenants.entries()) {
        const own = keys[i];
        assert.ok(own);
        assert.equal(fieldValue((await get(own, 1, orgId)).body, 'Title'), `Ticket of ${orgId}`);
      }
    }
    const [first] = keys;
    assert.ok(first);
    assert.equal((await get(first, 1, 7511)).statusCode, 401, "a tenant's key on another tenant's path");
  });

  test('an Agent and an Admin each get their own permissions, cached apart', async () => {
    const agent = await createApiKey({ orgId: DEMO_ORG, role: 'Agent', name: 'agent reader' }, other.deskwire);
    const agentKeys = { accessKey: agent.accessKey, secretKey: agent.secretKey };
    const admin = (await get(demo)).json() as { UserPermissions: unknown };
    const asAgent = (await get(agentKeys)).json() as { UserPermissions: unknown };
    assert.notDeepEqual(asAgent.UserPermissions, admin.UserPermissions);
    assert.deepEqual(
      ((await get(agentKeys)).json() as { UserPermissions: unknown }).UserPermissions,
      asAgent.UserPermissions,
    );
    assert.deepEqual(((await get(demo)).json() as { UserPermissions: unknown }).UserPermissions, admin.UserPermissions);
  });

  test('bounded by bytes and by count: the least recently used answers go first', () => {
    const cache = new TicketResponseCache({ maxBytes: 100, maxEntries: 3 });
    const stamp = { ticketId: 't', version: 1, generation: 1 };
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, stamp, Buffer.alloc(10));
    // Each entry counts its body (10), key (1) and stamp (1): a K3 stamp naming 50 tickets is bounded too.
    assert.deepEqual(cache.size, { entries: 3, bytes: 36 });
    assert.equal(cache.get('a', stamp), undefined, 'the oldest went first');
    assert.ok(cache.get('b', stamp));
    cache.set('big', stamp, Buffer.alloc(80)); // 36 + 84 > 100: the least recent (c, then d) go
    assert.equal(cache.get('c', stamp), undefined);
    assert.ok(cache.get('b', stamp), 'b was used recently');
    assert.ok(cache.size.bytes <= 100);
    cache.set('huge', stamp, Buffer.alloc(96)); // 96 + 4 + 1 > 100
    cache.set('long stamp', { ...stamp, ticketId: 'x'.repeat(100) }, Buffer.alloc(1));
    assert.equal(cache.get('long stamp', { ...stamp, ticketId: 'x'.repeat(100) }), undefined, 'nor a stamp above it');
    assert.equal(cache.get('huge', stamp), undefined, 'an answer above the whole bound is not kept');
  });

  test('an answer made from another version, generation or ticket is never served (and is dropped)', () => {
    const cache = new TicketResponseCache();
    const stamp = { ticketId: 't', version: 5, generation: 2 };
    cache.set('k', stamp, Buffer.from('x'));
    for (const stale of [
      { ...stamp, version: 6 },
      { ...stamp, generation: 3 },
      { ...stamp, ticketId: 'u' },
    ]) {
      cache.set('k', stamp, Buffer.from('x'));
      assert.equal(cache.get('k', stale), undefined);
      assert.equal(cache.size.entries, 0);
    }
  });
});

// L5 conversations are cached the same way; conversations and files move the ticket's version (0016).
const conversations = (keys: Keys, at: Instance = server, types: string[] = ['InboundEmail'], ticket = 143) =>
  at.app.inject({
    method: 'POST',
    url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
    headers: auth(keys),
    payload: { TicketId: ticket, OrgId: DEMO_ORG, ActivityType: types },
  });

const texts = (body: string): Array<string | null> =>
  (JSON.parse(body) as { ConversationList: Array<{ Text: string | null }> }).ConversationList.map((c) => c.Text);

/** The `expires` of every signed URL in an L5 answer. */
const expiries = (body: string): number[] => [...body.matchAll(/[?&]expires=(\d+)/g)].map((m) => Number(m[1]));

describe('cached L5 answers', () => {
  test('a conversation added by the other instance (core, as an inbound email or an admin command) is in the next read', async () => {
    const before = texts((await conversations(demo)).body);
    await conversations(demo);
    await addActivity(
      { orgId: DEMO_ORG, ticket: { number: 143 }, type: 'InboundEmail', text: 'Arrived elsewhere', createdBy: 'x' },
      other.deskwire,
    );
    assert.deepEqual(texts((await conversations(demo)).body), [...before, 'Arrived elsewhere']);
    assert.deepEqual(texts((await conversations(demo)).body), [...before, 'Arrived elsewhere'], 'and from the cache');
  });

  test('a portal activity (L7) over HTTP on the other instance is in the next read of its type', async () => {
    const before = texts((await conversations(demo, server, ['PortalInbound'])).body);
    const res = await other.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/ticket/143/portal/activity`,
      headers: auth(demo),
      payload: { Text: 'From the portal', Direction: 'INBOUND' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(texts((await conversations(demo, server, ['PortalInbound'])).body), [
      ...before,
      'From the portal',
    ]);
  });

  test('each filter is its own answer; a trashed ticket is a 404 at once; tenants stay apart', async () => {
    const inbound = await conversations(demo, server, ['InboundEmail']);
    const portal = await conversations(demo, server, ['PortalInbound']);
    assert.notEqual(inbound.body, portal.body);
    assert.equal((await conversations(demo, server, ['InboundEmail'])).body, inbound.body);
    const orgId = 7520;
    const created = await createTenant({ orgId, name: 'Conversations' }, other.deskwire);
    const keys = { accessKey: created.accessKey, secretKey: created.secretKey };
    await createTicket(
      { orgId, actor: created.admin, typeId: 1, lead: null, fields: [{ schemaName: 'Title', value: 'Short-lived' }] },
      other.deskwire,
    );
    await addActivity(
      { orgId, ticket: { number: 1 }, type: 'InboundEmail', text: `Only in ${orgId}`, createdBy: 'x' },
      other.deskwire,
    );
    const read = () =>
      server.app.inject({
        method: 'POST',
        url: `/api/tenants/${orgId}/conversation/filter`,
        headers: auth(keys),
        payload: { TicketId: 1, OrgId: orgId, ActivityType: ['InboundEmail'] },
      });
    for (let i = 0; i < 2; i++) assert.deepEqual(texts((await read()).body), [`Only in ${orgId}`]);
    // The demo tenant's ticket #1 (if any) is never answered from the other tenant's entry.
    const demoOne = await conversations(demo, server, ['InboundEmail'], 1);
    if (demoOne.statusCode === 200) assert.ok(!texts(demoOne.body).includes(`Only in ${orgId}`));
    await trashTickets({ orgId, numbers: [1] }, other.deskwire);
    assert.equal((await read()).statusCode, 404);
  });
});

describe('cached L5 answers with signed URLs', () => {
  test('are the bytes a fresh read gives: kept only while the URL expiry is the same second', async () => {
    const test = await startTestServer({ logLevel: false, downloadUrlTtlSeconds: 15 * 60 });
    try {
      await test.unlimit();
      const ttl = 15 * 60;
      const read = async () => {
        const from = Math.floor(test.deskwire.now().getTime() / 1000) + ttl;
        const res = await conversations(test.demo, test);
        const to = Math.floor(test.deskwire.now().getTime() / 1000) + ttl;
        return { res, from, to };
      };
      for (let i = 0; i < 3; i++) {
        const { res, from, to } = await read();
        assert.equal(res.statusCode, 200, res.body);
        const seen = expiries(res.body);
        assert.ok(seen.length > 0, 'the seed conversations carry a file');
        for (const e of seen) assert.ok(e >= from && e <= to, `expires ${e} is the current one (${from}..${to})`);
        // A minute later (a cached answer would still hold the old expiry): the new one.
        test.advanceClock(60_000);
      }
      const first = await read();
      const second = await read();
      if (first.from === second.to) {
        assert.equal(second.res.rawPayload.compare(first.res.rawPayload), 0, 'same second: the same bytes');
      }
      // The clock stepped back an hour (NTP, a test): the answer made "later" is not served; the URLs
      // expire as ones signed now do, which the server accepts.
      test.advanceClock(3_600_000);
      await read();
      test.advanceClock(-3_600_000);
      const back = await read();
      for (const e of expiries(back.res.body)) {
        assert.ok(e >= back.from && e <= back.to, `after the clock went back: expires ${e} (${back.from}..${back.to})`);
      }
    } finally {
      await test.close();
    }
  });
});
