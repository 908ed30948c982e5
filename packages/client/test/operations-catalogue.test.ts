// The client's operation tables are the @deskwire/wire catalogue's (nothing restated by hand), and
// every request goes to the catalogue path of its operation, under any path prefix of the host.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from '@deskwire/client';
import { KAPTURE_OPERATIONS, KaptureClient, LeadSquaredClient, LSQ_OPERATIONS } from '@deskwire/client';
import {
  expandPath,
  KAP_OPERATIONS,
  KAP_TOKEN_APIS,
  LSQ_OPERATIONS as LSQ_CATALOGUE,
  LSQ_CONVERSATION_TYPES,
  type WireOperation,
} from '@deskwire/wire';
import { DEMO_LEAD, DEMO_ORG, INJECT_HOST, startServer, type TestServer } from './helpers/deskwire-server.js';

/** What the client's table must hold for a catalogue operation. */
const expected = (op: WireOperation) => ({ name: op.name, method: op.method, safe: op.kind === 'read', path: op.path });

test('LSQ_OPERATIONS: each catalogue operation under its key, same name, method and path, safe exactly for reads', () => {
  for (const [key, op] of Object.entries(LSQ_CATALOGUE)) {
    assert.deepEqual({ ...LSQ_OPERATIONS[key as keyof typeof LSQ_CATALOGUE] }, expected(op), key);
  }
  assert.deepEqual(
    Object.keys(LSQ_OPERATIONS).filter((key) => !(key in LSQ_CATALOGUE)),
    ['downloadAttachment'],
    'the only client-only operation is the signed download',
  );
});

test("KAPTURE_OPERATIONS: each catalogue operation under its key, with the catalogue's token API", () => {
  for (const [key, op] of Object.entries(KAP_OPERATIONS)) {
    assert.deepEqual(
      { ...KAPTURE_OPERATIONS[key as keyof typeof KAP_OPERATIONS] },
      { ...expected(op), api: op.tokenApi },
      key,
    );
  }
  assert.deepEqual(
    Object.keys(KAPTURE_OPERATIONS).filter((key) => !(key in KAP_OPERATIONS)),
    ['downloadAttachment'],
  );
});

test('the token-API list has one name: KAP_TOKEN_APIS, the wire list itself', () => {
  assert.equal(client.KAP_TOKEN_APIS, KAP_TOKEN_APIS);
  assert.ok(!('KAPTURE_APIS' in client), 'the old duplicate is gone');
});

describe('request URLs: the catalogue paths, under the path prefix of the host', () => {
  let server: TestServer;
  const seen: string[] = [];
  /** A reverse proxy at `/proxy` and `/meta`: records each URL the client asked for, strips the prefix. */
  const proxy: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    seen.push(url.href);
    const prefix = /^\/(proxy|meta)\//.exec(url.pathname);
    assert.ok(prefix, `${url.pathname} keeps the host's path prefix`);
    url.pathname = url.pathname.slice(prefix[0].length - 1);
    return server.fetch(url, init);
  };
  const lastSeen = () => seen.at(-1);
  /** The server's name for the last call (its route config): the client's name must be the same. */
  const lastJournalled = async () => (await server.journal()).at(-1)?.operation;

  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
  });
  after(() => server.close());

  test('LeadSquared L1–L10: {orgId} and the other parameters filled in and URL-encoded', async () => {
    const lsq = new LeadSquaredClient({
      host: `${INJECT_HOST}/proxy`,
      metadataHost: `${INJECT_HOST}/meta/`,
      orgId: DEMO_ORG,
      ...server.demo,
      fetch: proxy,
    });
    const url = (key: keyof typeof LSQ_CATALOGUE, params: Record<string, string> = {}, prefix = '/proxy') =>
      `${INJECT_HOST}${prefix}${expandPath(LSQ_CATALOGUE[key].path, { orgId: DEMO_ORG, ...params })}`;
    const check = async (key: keyof typeof LSQ_CATALOGUE, href: string) => {
      assert.equal(lastSeen(), href, key);
      assert.equal(await lastJournalled(), LSQ_OPERATIONS[key].name, key);
    };

    const created = await lsq.createTicket({
      TypeId: '1',
      LeadId: DEMO_LEAD,
      Fields: [{ SchemaName: 'Title', Value: 'Routed by the catalogue' }],
      RelatedTicketTypeId: 1,
    });
    await check('createTicket', url('createTicket'));
    const Id = created.Id;

    await lsq.getTicket('#143');
    await check('getTicket', url('getTicket', { ticketRef: '#143' }));
    assert.match(lastSeen() ?? '', /\/tickets\/%23143$/);

    await lsq.updateTicket({
      TypeId: '1',
      Id,
      Fields: [{ SchemaName: 'Status', Value: 'On Hold' }],
      RelatedTicketTypeId: 1,
    });
    await check('updateTicket', url('updateTicket', { ticketRef: Id }));

    await lsq.getTicketConversations({ TicketId: 143, OrgId: DEMO_ORG, ActivityType: [...LSQ_CONVERSATION_TYPES] });
    await check('getTicketConversations', url('getTicketConversations'));

    await lsq.postInternalNote({
      TextPart: 'n',
      ActivityType: 'CreateInternalNote',
      StorageType: 'Permament',
      RelatedTicketId: 143,
    });
    await check('postInternalNote', url('postInternalNote'));

    await lsq.addPortalActivity(143, { Text: 'Viewed on the portal', Direction: 'INBOUND' });
    await check('addPortalActivity', url('addPortalActivity', { ticketRef: '143' }));

    await lsq.getLookupValues('SubType');
    await check('getLookupValues', url('getLookupValues', { schemaName: 'SubType' }));

    await lsq.getTicketFieldsMetadata({ Limit: 1, Offset: 0 });
    await check('getTicketFieldsMetadata', url('getTicketFieldsMetadata', { typeId: '1' }, '/meta'));

    await lsq.trashTickets({ TicketIds: [Id] });
    await check('trashTickets', url('trashTickets'));
  });

  test('Kapture K1–K4: the catalogue paths, relative to the host', async () => {
    const kapture = new KaptureClient({
      host: `${INJECT_HOST}/proxy`,
      tokens: await server.kaptureTokens(),
      fetch: proxy,
    });
    const check = async (key: keyof typeof KAP_OPERATIONS) => {
      assert.equal(lastSeen(), `${INJECT_HOST}/proxy${KAP_OPERATIONS[key].path}`, key);
      assert.equal(await lastJournalled(), KAPTURE_OPERATIONS[key].name, key);
    };

    const added = await kapture.addTicket({ title: 'Routed by the catalogue' });
    await check('addTicket');
    await kapture.updateTicket({ ticket_id: added.ticket_id, comment: 'noted' });
    await check('updateTicket');
    await kapture.getTickets({ ticket_ids: added.ticket_id });
    await check('getTickets');
    await kapture.pullTickets({ start_date: '2024-04-22', end_date: '2024-04-22' });
    await check('pullTickets');
  });
});
