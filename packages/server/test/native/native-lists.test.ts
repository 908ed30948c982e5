import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { addAgentKey, auth, DEMO_ORG, type Keys, startTestServer, type TestServer } from '../helpers/test-server.js';

// Ticket lists and search through /api/v1 (docs/api.md "Lists and search"): the query string decoded into
// the store's query, pages, cursors and snippets; the store's own behaviour has its conformance suite.

const V1 = `/api/v1/tenants/${DEMO_ORG}`;
let server: TestServer;
let agent: Keys & { userId: string };

type Page = { tickets: Array<Record<string, unknown> & { number: number }>; nextCursor: string | null };

async function get(path: string, keys: Keys = server.demo): Promise<LightMyRequestResponse> {
  return server.app.inject({ method: 'GET', url: `${V1}${path}`, headers: auth(keys) });
}

async function page(path: string, keys?: Keys): Promise<Page> {
  const res = await get(path, keys);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Page;
}

async function create(title: string, fields: Record<string, string> = {}): Promise<number> {
  const res = await server.app.inject({
    method: 'POST',
    url: `/api/tenants/${DEMO_ORG}/tickets`,
    headers: { ...auth(server.demo), 'content-type': 'application/json' },
    payload: JSON.stringify({
      TypeId: '1',
      Fields: [
        { SchemaName: 'LeadDetail.EmailAddress', Value: 'list-lead@example.com' },
        { SchemaName: 'Title', Value: title },
        ...Object.entries(fields).map(([SchemaName, Value]) => ({ SchemaName, Value })),
      ],
      RelatedTicketTypeId: 1,
    }),
  });
  assert.equal(res.statusCode, 200, res.body);
  return Number((res.json() as { Id: string }).Id);
}

describe('/api/v1 ticket lists and search', { timeout: 60_000 }, () => {
  const numbers: Record<string, number> = {};
  before(async () => {
    server = await startTestServer();
    await server.unlimit();
    agent = await addAgentKey(server, DEMO_ORG);
    numbers.open = await create('Projector broken in room 5521', {
      Status: 'Open',
      Priority: 'High',
      Tags: 'av, urgent',
    });
    numbers.hold = await create('Invoice question', { Status: 'On Hold', Priority: 'Low' });
    numbers.mine = await create('Wifi keeps dropping', { Status: 'Open', RelatedAgentId: agent.userId });
  });
  after(() => server.close());

  test('filters: status, priority, tags, mine and unassigned', async () => {
    const open = await page('/tickets?status=Open&limit=100');
    assert.ok(open.tickets.every((t) => t.status === 'Open'));
    assert.ok(open.tickets.some((t) => t.number === numbers.open));
    assert.ok(!open.tickets.some((t) => t.number === numbers.hold));
    const several = await page('/tickets?status=Open,On%20Hold&limit=100');
    assert.ok(several.tickets.some((t) => t.number === numbers.hold));
    const high = await page('/tickets?priority=High&tags=urgent');
    assert.deepEqual(
      high.tickets.map((t) => t.number),
      [numbers.open],
    );
    const mine = await page('/tickets?mine=true', agent);
    assert.deepEqual(
      mine.tickets.map((t) => t.number),
      [numbers.mine],
    );
    assert.equal(mine.tickets[0]?.assignee, agent.userId);
    const unassigned = await page('/tickets?unassigned=true&limit=100');
    assert.ok(!unassigned.tickets.some((t) => t.number === numbers.mine));
    assert.ok(unassigned.tickets.some((t) => t.number === numbers.open));
  });

  test('cursor pagination: pages neither repeat nor skip, the last page has no cursor', async () => {
    const all = await page('/tickets?limit=100&sort=number');
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const next: Page = await page(
        `/tickets?limit=2&sort=number${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...next.tickets.map((t) => t.number));
      cursor = next.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.tickets.map((t) => t.number),
    );
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
    );
    const foreign = await get(
      `/tickets?sort=-created&cursor=${encodeURIComponent((await page('/tickets?limit=1&sort=number')).nextCursor ?? '')}`,
    );
    assert.equal(foreign.statusCode, 400);
    assert.equal(foreign.json().error.code, 'ValidationError');
  });

  test('search: words, ranked, with a highlighted and escaped snippet; a number finds its ticket directly', async () => {
    const found = await page(`/tickets/search?q=${encodeURIComponent('projector 5521')}`);
    assert.equal(found.tickets[0]?.number, numbers.open);
    assert.match(String(found.tickets[0]?.snippet), /<mark>Projector<\/mark>/i);
    const direct = await page(`/tickets/search?q=${encodeURIComponent(`#${numbers.hold}`)}`);
    assert.equal(direct.tickets[0]?.number, numbers.hold);
    const blank = await get('/tickets/search?q=%20%20');
    assert.equal(blank.statusCode, 400);
  });

  test('a note is searchable for agents, and a change through L3 is listed at once', async () => {
    await server.app.inject({
      method: 'POST',
      url: `${V1}/tickets/${numbers.hold}/notes`,
      headers: { ...auth(server.demo), 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'customer mentioned zebracorn order' }),
    });
    assert.deepEqual(
      (await page('/tickets/search?q=zebracorn')).tickets.map((t) => t.number),
      [numbers.hold],
    );
    const l3 = await server.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/${numbers.hold}/update`,
      headers: { ...auth(server.demo), 'content-type': 'application/json' },
      payload: JSON.stringify({
        TypeId: '1',
        Id: String(numbers.hold),
        RelatedTicketTypeId: 1,
        Fields: [{ SchemaName: 'Status', Value: 'Resolved' }],
      }),
    });
    assert.equal(l3.statusCode, 200, l3.body);
    const resolved = await page('/tickets?status=Resolved');
    assert.ok(resolved.tickets.some((t) => t.number === numbers.hold));
  });

  test('trashed: the trash lists trashed tickets only', async () => {
    const trash = await server.app.inject({
      method: 'POST',
      url: `${V1}/tickets/${numbers.hold}/trash`,
      headers: auth(server.demo),
    });
    assert.equal(trash.statusCode, 200, trash.body);
    const live = await page('/tickets?limit=100');
    assert.ok(!live.tickets.some((t) => t.number === numbers.hold));
    const trashed = await page('/tickets?trashed=true');
    assert.deepEqual(
      trashed.tickets.map((t) => t.number),
      [numbers.hold],
    );
    assert.equal(typeof trashed.tickets[0]?.trashedAt, 'string');
  });

  test('bad filters are a 400 naming them', async () => {
    for (const query of ['createdFrom=yesterday', 'limit=0', 'limit=500', 'sort=sideways', 'mine=yes', 'bogus=1']) {
      const res = await get(`/tickets?${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.equal(res.json().error.code, 'ValidationError');
    }
  });
});
