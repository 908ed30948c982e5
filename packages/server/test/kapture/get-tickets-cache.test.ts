import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addActivity,
  createApiToken,
  createTenant,
  createTicket,
  getKaptureSettings,
  kaptureTicketId,
  trashTickets,
  updateKaptureSettings,
  updateTicket,
} from '@deskwire/server';
import { formatLsqDateTime } from '@deskwire/wire';
import { DEMO_ORG, startTestServer } from '../helpers/test-server.js';
import { type Instance, openTwoInstances, type TwoInstances } from '../helpers/two-instances.js';

// Issue 14: K3 answers are kept as finished bytes (cached-ticket-answer.ts), checked on every request
// against the versions of all the tickets they name (one statement) and the tenant's configuration
// generation. Whatever feeds the answer moves a named ticket's version in the writing transaction
// (migrations 0014 and 0016), so a write through the other instance is in the very next read.

type Record = { task_details: { [key: string]: unknown; ticketId: string } };

let world: TwoInstances;
let server: Instance;
let other: Instance;
let token: string;
let admin: { id: string; orgId: number; name: string; email: string | null; role: 'Admin' | 'Agent' };

const K3 = '/search-ticket-by-ticket-id.html/v.2.0';
const get = (ids: readonly string[], extra: object = {}, at: Instance = server) =>
  at.app.inject({
    method: 'POST',
    url: K3,
    headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ ticket_ids: ids.join(','), ...extra }),
  });
const details = async (ids: readonly string[]) => ((await get(ids)).json() as Record[]).map((r) => r.task_details);

const SEED = '713516551148';

before(async () => {
  world = await openTwoInstances('deskwire-k3-answers-');
  ({ server, other } = world);
  token = (await createApiToken({ orgId: DEMO_ORG, api: 'get' }, other.deskwire)).token;
  const found = (await other.deskwire.storage.users.list(DEMO_ORG)).find((u) => u.role === 'Admin');
  assert.ok(found);
  admin = found as typeof admin;
});

after(() => world.close());

/** A new demo ticket through the other instance, with its K3 id. */
async function newTicket(title: string): Promise<{ number: number; kaptureId: string }> {
  const { ticket } = await createTicket(
    { orgId: DEMO_ORG, actor: admin, typeId: 1, lead: null, fields: [{ schemaName: 'Title', value: title }] },
    other.deskwire,
  );
  return { number: ticket.number, kaptureId: await kaptureIdOf(ticket.number) };
}

async function kaptureIdOf(number: number): Promise<string> {
  return kaptureTicketId(number, await getKaptureSettings(DEMO_ORG, other.deskwire));
}

describe('cached K3 answers', () => {
  test('the built and the cached answer are the same bytes and headers', async () => {
    const first = await get([SEED]);
    assert.equal(first.statusCode, 200, first.body);
    const second = await get([SEED]);
    assert.equal(second.rawPayload.compare(first.rawPayload), 0);
    assert.equal(second.headers['content-type'], first.headers['content-type']);
    assert.equal(second.headers['content-length'], first.headers['content-length']);
  });

  test('a change to the ticket, a conversation or the lead, by the other instance, is in the next read', async () => {
    await details([SEED]);
    await updateTicket(
      {
        orgId: DEMO_ORG,
        actor: null,
        ticket: { number: 143 },
        fields: [{ schemaName: 'Title', value: 'K3 elsewhere' }],
      },
      other.deskwire,
    );
    assert.equal((await details([SEED]))[0]?.title, 'K3 elsewhere');
    const count = (await details([SEED]))[0]?.total_conversations as number;
    await addActivity(
      { orgId: DEMO_ORG, ticket: { number: 143 }, type: 'InboundEmail', text: 'More', createdBy: 'x' },
      other.deskwire,
    );
    assert.equal((await details([SEED]))[0]?.total_conversations, count + 1, 'a conversation');
    // K5 on the other instance: the seed ticket's lead (by its email) gets a phone number.
    const customerToken = (await createApiToken({ orgId: DEMO_ORG, api: 'addCustomer' }, other.deskwire)).token;
    const saved = await other.app.inject({
      method: 'POST',
      url: '/add-update-customer-from-other-source.html',
      headers: { authorization: `Basic ${customerToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify([{ name: 'Wim', email: 'wim@example.com', phone: '+919800000001' }]),
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal((await details([SEED]))[0]?.phone, '+919800000001', "the ticket's lead");
    assert.equal((await details([SEED]))[0]?.phone, '+919800000001', 'and from the cache');
  });

  test('several ids: one changed, one trashed, one created after the first read', async () => {
    const a = await newTicket('Batch A');
    const b = await newTicket('Batch B');
    const nextNumber = b.number + 1;
    const c = await kaptureIdOf(nextNumber);
    const ids = [SEED, a.kaptureId, b.kaptureId, c];
    assert.deepEqual(
      (await details(ids)).map((d) => d.title),
      ['K3 elsewhere', 'Batch A', 'Batch B'],
    );
    await updateTicket(
      { orgId: DEMO_ORG, actor: null, ticket: { number: a.number }, fields: [{ schemaName: 'Title', value: 'A2' }] },
      other.deskwire,
    );
    await trashTickets({ orgId: DEMO_ORG, numbers: [b.number] }, other.deskwire);
    const created = await newTicket('Batch C');
    assert.equal(created.number, nextNumber);
    assert.deepEqual(
      (await details(ids)).map((d) => d.title),
      ['K3 elsewhere', 'A2', 'Batch C'],
    );
  });

  test("a change to the tenant's Kapture settings (the id base) by the other instance is in the next read", async () => {
    const before = await details([SEED]);
    assert.equal(before[0]?.ticketId, SEED);
    const settings = await getKaptureSettings(DEMO_ORG, other.deskwire);
    const base = settings.ticketIdBase;
    await updateKaptureSettings({ orgId: DEMO_ORG, patch: { ticketIdBase: base + 1000 } }, other.deskwire);
    try {
      assert.deepEqual(await details([SEED]), [], 'the old id now names ticket #-857, which does not exist');
      const moved = String(Number(SEED) + 1000);
      assert.equal((await details([moved]))[0]?.ticketId, moved);
    } finally {
      await updateKaptureSettings({ orgId: DEMO_ORG, patch: { ticketIdBase: base } }, other.deskwire);
    }
    assert.equal((await details([SEED]))[0]?.ticketId, SEED);
  });

  test("a token of another tenant never gets this tenant's cached answer", async () => {
    await get([SEED]);
    await createTenant({ orgId: 7530, name: 'Other K3' }, other.deskwire);
    const foreign = (await createApiToken({ orgId: 7530, api: 'get' }, other.deskwire)).token;
    const res = await server.app.inject({
      method: 'POST',
      url: K3,
      headers: { authorization: `Basic ${foreign}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ ticket_ids: SEED }),
    });
    assert.ok(!res.body.includes('K3 elsewhere'), res.body);
  });
});

describe('cached K3 answers and the clock', () => {
  test('an open ticket turns out of SLA when its due date passes, cached or not', async () => {
    const test = await startTestServer({ logLevel: false });
    try {
      await test.unlimit();
      const own = (await createApiToken({ orgId: DEMO_ORG, api: 'get' }, test.deskwire)).token;
      const user = (await test.deskwire.storage.users.list(DEMO_ORG)).find((u) => u.role === 'Admin');
      assert.ok(user);
      const due = formatLsqDateTime(new Date(test.deskwire.now().getTime() + 12 * 3600_000));
      const { ticket } = await createTicket(
        {
          orgId: DEMO_ORG,
          actor: user,
          typeId: 1,
          lead: null,
          fields: [
            { schemaName: 'Title', value: 'Due soon' },
            { schemaName: 'DueDate', value: due },
          ],
        },
        test.deskwire,
      );
      const id = kaptureTicketId(ticket.number, await getKaptureSettings(DEMO_ORG, test.deskwire));
      const sla = async () => {
        const res = await test.app.inject({
          method: 'POST',
          url: K3,
          headers: { authorization: `Basic ${own}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ ticket_ids: id }),
        });
        assert.equal(res.statusCode, 200, res.body);
        return (res.json() as Record[])[0]?.task_details.slaStatus;
      };
      assert.equal(await sla(), 'within sla');
      assert.equal(await sla(), 'within sla');
      test.advanceClock(2 * 24 * 3600_000);
      assert.equal(await sla(), 'out of sla');
    } finally {
      await test.close();
    }
  });
});
