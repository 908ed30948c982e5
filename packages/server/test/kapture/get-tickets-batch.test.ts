import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addActivity, trashTickets } from '@deskwire/server';
import { auth, DEMO_LEAD, DEMO_ORG, multipart, startTestServer, type TestServer } from '../helpers/test-server.js';
import { createKapTicket, issueTokens, kap, SEED_TICKET_ID, type Tokens } from './kapture-test-server.js';

type Json = Record<string, unknown>;

/** The seed's ticket #143 has `SEED_TICKET_ID`; Kapture ids of the demo tenant are that base plus the number. */
const kaptureId = (number: number) => String(Number(SEED_TICKET_ID) - 143 + number);

/**
 * A signed download URL carries an expiry counted from "now", so two calls a second apart may sign
 * the same file differently; everything else in the body must match byte for byte.
 */
const unsigned = (body: string) =>
  body.replace(/expires=\d+&kid=[0-9a-f]+&signature=[0-9a-f]+/g, 'expires=E&kid=K&signature=S');

describe('K3 with many ids answers what K3 with each id alone answers, in the order asked', () => {
  let server: TestServer;
  let tokens: Tokens;
  let ids: string[];
  let live: string[];
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
    tokens = await issueTokens(server);
    // Tickets that differ in every part a full read shows: lead, values, history, Kapture state,
    // ticket files, conversations and notes (with files), and none of these.
    const plain = await createKapTicket(server, tokens, { title: 'plain' });
    const updated = await createKapTicket(server, tokens, { title: 'updated' });
    const res = await kap(server, 'update', tokens.update, [
      { ticket_id: updated, sub_status: 'CL', queue: 'L2', disposition: 'Query|Billing', comment: 'closing' },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const form = multipart([
      {
        name: 'ticketDTO',
        value: JSON.stringify({
          TypeId: '1',
          LeadId: DEMO_LEAD,
          Fields: [{ SchemaName: 'Title', Value: 'with files' }],
          RelatedTicketTypeId: 1,
        }),
      },
      { name: 'files', filename: 'one.txt', content: Buffer.from('one'), type: 'text/plain' },
      { name: 'files', filename: 'two.pdf', content: Buffer.from('%PDF-two'), type: 'application/pdf' },
    ]);
    const created = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: { ...auth(server.demo), ...form.headers },
      payload: form.payload,
    });
    assert.equal(created.statusCode, 200, created.body);
    const withFiles = kaptureId(Number((created.json() as { Id: string }).Id));
    for (const [id, text] of [
      [plain, 'first note'],
      [withFiles, 'a note'],
      [plain, 'second note'],
    ] as const) {
      const number = Number(id) - Number(SEED_TICKET_ID) + 143;
      await addActivity(
        { orgId: DEMO_ORG, ticket: { number }, type: 'InternalNote', text, createdBy: DEMO_LEAD },
        server.deskwire,
      );
    }
    const trashed = await createKapTicket(server, tokens, { title: 'trashed' });
    await trashTickets({ orgId: DEMO_ORG, numbers: [Number(trashed) - Number(SEED_TICKET_ID) + 143] }, server.deskwire);
    live = [withFiles, SEED_TICKET_ID, plain, updated];
    // Live tickets out of creation order, with a duplicate, an unknown, a trashed and a malformed id.
    ids = [withFiles, SEED_TICKET_ID, '999999999999', plain, trashed, SEED_TICKET_ID, 'abc', updated, withFiles];
  });
  after(() => server.close());

  for (const [name, flags] of [
    ['no flags', {}],
    [
      'every conversation, history and e-mail body',
      { conversation_type: 'all', history_type: 'all', include_emailbody: '1' },
    ],
  ] as const) {
    test(name, async () => {
      const many = await kap(server, 'get', tokens.get, { ticket_ids: ids.join(','), ...flags });
      assert.equal(many.statusCode, 200, many.body);
      const alone: Json[] = [];
      for (const id of ids) {
        const res = await kap(server, 'get', tokens.get, { ticket_ids: id, ...flags });
        assert.equal(res.statusCode, 200, res.body);
        alone.push(...(res.json() as Json[]));
      }
      const got = many.json() as Json[];
      assert.deepEqual(
        got.map((t) => (t.task_details as Json).ticketId),
        live,
        'each live ticket once, in the order first asked for',
      );
      // `alone` repeats the duplicates (each asked alone); the batch answers each ticket once.
      const firstOfEach = alone.filter(
        (t, i) => alone.findIndex((u) => (u.task_details as Json).ticketId === (t.task_details as Json).ticketId) === i,
      );
      // Compared as text of the parsed bodies, so key order counts too.
      assert.equal(unsigned(JSON.stringify(got)), unsigned(JSON.stringify(firstOfEach)));
    });
  }
});
