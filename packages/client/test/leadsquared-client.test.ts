// Every LeadSquared method (L1–L10 and the signed download) against a running Deskwire server.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { type DeskwireClientError, isDeskwireClientError, KaptureClient, LeadSquaredClient } from '@deskwire/client';
import type { LsqCreateTicketRequest } from '@deskwire/wire';
import {
  DEMO_LEAD,
  DEMO_ORG,
  DEMO_TICKET_GUID,
  INJECT_HOST,
  startServer,
  type TestServer,
} from './helpers/deskwire-server.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The documented L1 body (https://apidocs.leadsquared.com/create-tickets/). */
const createBody = (title = 'Ticket creation through APIs'): LsqCreateTicketRequest => ({
  TypeId: '1',
  LeadId: DEMO_LEAD,
  Fields: [
    { SchemaName: 'Title', Value: title },
    { SchemaName: 'Status', Value: 'Open' },
    { SchemaName: 'Priority', Value: 'Low' },
  ],
  RelatedTicketTypeId: 1,
});

async function rejection(promise: Promise<unknown>): Promise<DeskwireClientError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDeskwireClientError(error), `expected a DeskwireClientError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('LeadSquaredClient against a Deskwire server', () => {
  let server: TestServer;
  let lsq: LeadSquaredClient;
  let dir: string;
  const sent: string[] = [];
  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
    dir = await mkdtemp(join(tmpdir(), 'deskwire-client-files-'));
    lsq = new LeadSquaredClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      ...server.demo,
      fetch: server.fetch,
      debug: (e) => {
        if (e.type === 'request') sent.push(`${e.method} ${e.operation}`);
      },
    });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('L4 getTicket: by number, key and GUID, validated against the wire schema', async () => {
    const byNumber = await lsq.getTicket(143);
    assert.equal(byNumber.Id, '143');
    assert.equal(byNumber.TypeId, 'null');
    assert.equal(byNumber.TicketId, DEMO_TICKET_GUID);
    assert.deepEqual(await lsq.getTicket('#143'), byNumber);
    assert.deepEqual(await lsq.getTicket(DEMO_TICKET_GUID), byNumber);
  });

  test('L1 createTicket (JSON) and L4 reads it back', async () => {
    const created = await lsq.createTicket(createBody('Created by the SDK'));
    assert.equal(created.Status, 'Success');
    assert.match(created.Id, /^\d+$/);
    assert.equal(created.Key, `#${created.Id.padStart(3, '0')}`);
    const read = await lsq.getTicket(created.Id);
    assert.equal(read.Fields.find((f) => f.SchemaName === 'Title')?.Value, 'Created by the SDK');
  });

  test('L2 createTicketWithAttachments: a path, a Blob, a Buffer, a Readable and a web stream', async () => {
    const path = join(dir, 'photo.png');
    await writeFile(path, PNG);
    const created = await lsq.createTicketWithAttachments(createBody('With files'), [
      path,
      new File([PNG], 'file.png', { type: 'image/png' }),
      { data: Buffer.from('plain bytes'), fileName: 'bytes.txt' },
      { data: Readable.from([Buffer.from('from a '), Buffer.from('node stream')]), fileName: 'node.txt' },
      {
        data: new Blob(['from a web stream']).stream(),
        fileName: 'web.csv',
        contentType: 'text/csv',
      },
    ]);
    assert.equal(created.Status, 'Success');
    assert.match(created.Message ?? '', /created/);
  });

  test('L2 with blobs only is sent as a standard FormData (paths read lazily)', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'x'.repeat(200_000));
    const created = await lsq.createTicketWithAttachments(createBody('Big file'), [{ data: path, fileName: 'n.txt' }]);
    assert.equal(created.Status, 'Success');
  });

  test('L3 updateTicket with and without files; TicketId is null as documented', async () => {
    const { Id } = await lsq.createTicket(createBody('To update'));
    const plain = await lsq.updateTicket({
      TypeId: '1',
      Id,
      Fields: [{ SchemaName: 'Status', Value: 'On Hold' }],
      RelatedTicketTypeId: 1,
    });
    assert.equal(plain.TicketId, null);
    assert.equal(plain.Id, Id);
    const withFile = await lsq.updateTicket(
      { TypeId: '1', Id, Fields: [{ SchemaName: 'Priority', Value: 'High' }], RelatedTicketTypeId: 1 },
      { files: [{ data: PNG, fileName: 'later.png' }] },
    );
    assert.equal(withFile.Status, 'Success');
    const read = await lsq.getTicket(Id);
    assert.equal(read.Fields.find((f) => f.SchemaName === 'Status')?.Value, 'On Hold');
    assert.equal(read.IsUpdated, true);
  });

  test('L5 getTicketConversations, L6 postInternalNote, L7 addPortalActivity', async () => {
    const conversations = await lsq.getTicketConversations({
      TicketId: 143,
      OrgId: DEMO_ORG,
      ActivityType: ['InboundEmail'],
    });
    assert.equal(conversations.Total, 2);
    assert.deepEqual(
      conversations.ConversationList.map((c) => c.Id),
      [131, 135],
    );

    const note = await lsq.postInternalNote({
      TextPart: 'Checked with the customer',
      ActivityType: 'CreateInternalNote',
      StorageType: 'Permament',
      RelatedTicketId: 143,
    });
    assert.deepEqual(note, {
      Message: 'Activity Created',
      RelatedTicketId: '143',
      RelatedOrgId: '22824',
      RelatedChannelMonitoringRequestId: 0,
    });

    const portal = await lsq.addPortalActivity(143, { Text: 'Viewed on the portal', Direction: 'INBOUND' });
    assert.equal(portal.Status, 'Success');
    const listed = await lsq.getTicketConversations({
      TicketId: 143,
      OrgId: DEMO_ORG,
      ActivityType: ['PortalInbound'],
    });
    assert.ok(listed.ConversationList.some((c) => c.Text === 'Viewed on the portal'));
  });

  test('L8 trashTickets, L9 getLookupValues, L10 getTicketFieldsMetadata (Admin)', async () => {
    const { Id } = await lsq.createTicket(createBody('To trash'));
    const trashed = await lsq.trashTickets({ TicketIds: [Id, '99999'] });
    assert.deepEqual(trashed, { SuccessfulIds: [Number(Id)], FailedIds: [99999] });
    assert.equal((await rejection(lsq.getTicket(Id))).code, 'NOT_FOUND');

    const statuses = await lsq.getLookupValues('Status');
    assert.ok(statuses.some((v) => v.Value === 'On Hold'));
    const subTypes = await lsq.getLookupValues('SubType');
    assert.deepEqual(subTypes[0], {
      Text: 'Acceptable',
      Value: 'Acceptable',
      SortingOrder: null,
      Active: null,
      Deleted: null,
    });

    const fields = await lsq.getTicketFieldsMetadata({ Limit: 25, Offset: 0, SearchText: 'Status' });
    assert.equal(fields.Total, 1);
    assert.equal(fields.TicketsFields[0]?.RelatedLookupId, 1);
  });

  test('downloadAttachment streams the signed ContentPath, without API keys', async () => {
    const conversations = await lsq.getTicketConversations({
      TicketId: 143,
      OrgId: DEMO_ORG,
      ActivityType: ['InboundEmail'],
    });
    const attachment = conversations.ConversationList[1]?.Attachments[0];
    assert.ok(attachment);
    const seen: Array<Record<string, string>> = [];
    const spy = new LeadSquaredClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      ...server.demo,
      fetch: (input, init) => {
        seen.push(Object.fromEntries(new Headers(init?.headers)));
        return server.fetch(input, init);
      },
    });
    const download = await spy.downloadAttachment(attachment.ContentPath);
    assert.equal(download.contentType, 'image/png');
    assert.equal(download.size, 70);
    const bytes = Buffer.from(await new Response(download.body).arrayBuffer());
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.['x-lsq-access-key'], undefined);
    assert.equal(seen[0]?.['x-lsq-secret-key'], undefined);
  });

  test('failures carry the code, status, vendor code and message, and the raw body', async () => {
    const missing = await rejection(lsq.getTicket(99999));
    assert.equal(missing.code, 'NOT_FOUND');
    assert.equal(missing.status, 404);
    assert.equal(missing.vendorCode, 'TicketNotFound');
    assert.equal(missing.vendorMessage, "Ticket '99999' does not exist");
    assert.match(missing.rawBody ?? '', /TicketNotFound/);
    assert.equal(missing.request.method, 'GET');
    assert.equal(missing.request.url, `${INJECT_HOST}/api/tenants/22824/tickets/99999`);
    assert.equal(missing.attempts, 1, 'a 404 is not retried');

    const badKeys = new LeadSquaredClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      accessKey: 'wrong',
      secretKey: 'wrong-secret',
      fetch: server.fetch,
    });
    const auth = await rejection(badKeys.getTicket(143));
    assert.equal(auth.code, 'AUTH');
    assert.equal(auth.status, 401);

    const agent = new LeadSquaredClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      ...(await server.agentKey()),
      fetch: server.fetch,
    });
    const forbidden = await rejection(agent.trashTickets({ TicketIds: ['143'] }));
    assert.equal(forbidden.code, 'FORBIDDEN');
    assert.equal(forbidden.vendorCode, 'Forbidden');

    const invalid = await rejection(
      lsq.createTicket({
        ...createBody(),
        Fields: [
          { SchemaName: 'Title', Value: 'x' },
          { SchemaName: 'Status', Value: 'Nope' },
        ],
      }),
    );
    assert.equal(invalid.code, 'VALIDATION');
    assert.equal(invalid.status, 400);
    assert.equal(invalid.vendorCode, 'InvalidFieldValue');
  });

  test('a body that breaks the wire schema is refused before sending (status 0, no request)', async () => {
    const before = sent.length;
    const error = await rejection(
      lsq.postInternalNote({
        TextPart: 'x',
        ActivityType: 'CreateInternalNote',
        StorageType: 'Permanent' as 'Permament',
        RelatedTicketId: 143,
      }),
    );
    assert.equal(error.code, 'VALIDATION');
    assert.equal(error.status, 0);
    assert.equal(error.attempts, 0);
    assert.equal(error.issues[0]?.path, '/StorageType');
    assert.equal(sent.length, before, 'nothing was sent');
  });

  test('L10 goes to metadataHost when given (the vendor serves it from api. rather than apigw.)', async () => {
    const hosts: string[] = [];
    const split = new LeadSquaredClient({
      host: 'http://apigw.deskwire.test',
      metadataHost: 'http://api.deskwire.test',
      orgId: DEMO_ORG,
      ...server.demo,
      fetch: (input, init) => {
        hosts.push(new URL(String(input)).host);
        return server.fetch(input, init);
      },
    });
    await split.getTicket(143);
    await split.getTicketFieldsMetadata({ Limit: 1, Offset: 0 });
    assert.deepEqual(hosts, ['apigw.deskwire.test', 'api.deskwire.test']);
  });
});

describe('uploads over a real socket', () => {
  let server: TestServer;
  let base: string;
  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
    base = await server.listen();
  });
  after(() => server.close());

  test('a generated 3 MiB stream and a path arrive byte for byte (a stream body, sent with duplex: half)', async () => {
    const { createHash } = await import('node:crypto');
    const CHUNK = Buffer.alloc(64 * 1024, 7);
    const CHUNKS = 48;
    let produced = 0;
    const generated = Readable.from(
      (function* () {
        for (let i = 0; i < CHUNKS; i++) {
          produced++;
          yield CHUNK;
        }
      })(),
    );
    const dir = await mkdtemp(join(tmpdir(), 'deskwire-client-upload-'));
    try {
      const path = join(dir, 'photo.png');
      await writeFile(path, PNG);
      const lsq = new LeadSquaredClient({ host: base, orgId: DEMO_ORG, ...server.demo });
      const created = await lsq.createTicketWithAttachments(createBody('Streamed'), [
        { data: generated, fileName: 'big.bin' },
        path,
      ]);
      assert.equal(produced, CHUNKS);

      // Read the ticket's files back through the Kapture dialect (its K3 lists a ticket's own files).
      const tokens = await server.kaptureTokens();
      const kapture = new KaptureClient({ host: base, tokens });
      // The demo tenant's Kapture ids: ticketId = base + number, #143 ↔ 713516551148 (docs/kapture-api.md "Ids").
      const [ticket] = await kapture.tickets.getTickets([String(713516551148 - 143 + Number(created.Id))]);
      assert.ok(ticket, 'the ticket is visible through Kapture');
      const files = (ticket.raw as { task_details: { attachments: Array<{ url: string; message: string }> } })
        .task_details.attachments;
      assert.deepEqual(
        files.map((f) => f.message),
        ['big.bin', 'photo.png'],
      );
      const download = await kapture.downloadAttachment(files[0]?.url ?? '');
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.length;
      }
      assert.equal(size, CHUNK.length * CHUNKS);
      const expected = createHash('sha256');
      for (let i = 0; i < CHUNKS; i++) expected.update(CHUNK);
      assert.equal(hash.digest('hex'), expected.digest('hex'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
