import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LeadSquaredClient } from '@deskwire/client';
import {
  buildApp,
  createApiToken,
  type DemoTenant,
  type Deskwire,
  getKaptureSettings,
  kaptureTicketId,
  openDeskwire,
  seedDemo,
} from '@deskwire/server';
import type { FastifyInstance } from 'fastify';
import { type S3TestServer, startS3Server } from '../../../test-support/s3-server.js';
import { auth, DEMO_LEAD, DEMO_ORG, documentedCreateBody, multipart, TEST_BACKEND } from './helpers/test-server.js';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from './storage/postgres-test-schema.js';

const TTL_SECONDS = 900;
const sha256 = (content: Buffer | Uint8Array) => createHash('sha256').update(content).digest('hex');

let s3: S3TestServer;
let prefix: string;
let deskwire: Deskwire;
let app: FastifyInstance;
let base: string;
let demo: DemoTenant;
let dataDir: string;
// The ticket store follows DESKWIRE_TEST_BACKEND like every HTTP suite: S3 with PostgreSQL is the multi-instance setup.
const schema = TEST_BACKEND === 'postgres' ? freshSchemaName() : undefined;

before(async () => {
  s3 = await startS3Server();
  const options = s3.storeOptions();
  prefix = options.prefix ?? '';
  dataDir = await mkdtemp(join(tmpdir(), 'deskwire-s3-server-'));
  deskwire = await openDeskwire({
    dataDir,
    s3: options,
    ...(schema !== undefined && { databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema }),
  });
  demo = await seedDemo(deskwire);
  app = await buildApp(deskwire, { logLevel: false, downloadUrlTtlSeconds: TTL_SECONDS });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
after(async () => {
  await app.close();
  await deskwire.close();
  if (schema !== undefined) await dropSchema(schema);
  await s3.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Asserts a download URL is an object-store pre-signed URL for content `hash` with the server's TTL. */
function assertPresigned(value: string): string {
  const url = new URL(value);
  assert.equal(url.origin, s3.endpoint, 'served by the object store, not by Deskwire');
  const match = new RegExp(`^/${s3.bucket}/${prefix}sha256/([0-9a-f]{64})$`).exec(url.pathname);
  assert.ok(match, url.pathname);
  const q = url.searchParams;
  assert.equal(q.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
  assert.ok(q.get('X-Amz-Credential'));
  assert.ok(q.get('X-Amz-Date'));
  assert.equal(q.get('X-Amz-Expires'), String(TTL_SECONDS));
  assert.match(q.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
  assert.match(q.get('response-content-disposition') ?? '', /filename\*=UTF-8''/);
  return match[1] ?? '';
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

describe('attachments on an S3-backed server', () => {
  test('L5 ContentPath is a pre-signed object-store URL (TTL = downloadUrlTtlSeconds) that downloads the bytes', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(demo),
      payload: { TicketId: demo.ticketNumber, OrgId: DEMO_ORG, ActivityType: ['InboundEmail'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    const attachments = res.json().ConversationList.flatMap((c: { Attachments: unknown[] }) => c.Attachments);
    assert.ok(attachments.length > 0, 'the demo ticket has a conversation attachment');
    for (const a of attachments) {
      const hash = assertPresigned(a.ContentPath);
      assert.equal(a.Ttl, TTL_SECONDS / 60);
      const bytes = await download(a.ContentPath);
      assert.equal(bytes.length, a.FileSize);
      assert.equal(sha256(bytes), hash);
    }
  });

  test('an L1 multipart create streams its files to the bucket; Kapture reads give pre-signed URLs to them', async () => {
    const files = [
      { name: 'files', filename: 'invoice.pdf', content: Buffer.from(`%PDF ${randomUUID()}`), type: 'application/pdf' },
      { name: 'files', filename: 'photo.png', content: Buffer.alloc(300_000, randomUUID()), type: 'image/png' },
    ];
    const { payload, headers } = multipart([
      { name: 'ticketDTO', value: JSON.stringify(documentedCreateBody(DEMO_LEAD)) },
      ...files,
    ]);
    const created = await app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: { ...auth(demo), ...headers },
      payload,
    });
    assert.equal(created.statusCode, 200, created.body);
    const keys = await s3.keys(prefix);
    for (const f of files) assert.ok(keys.includes(`${prefix}sha256/${sha256(f.content)}`), f.filename);
    assert.deepEqual(
      keys.filter((k) => k.startsWith(`${prefix}tmp/`)),
      [],
      'no temporary keys left',
    );

    const { token } = await createApiToken({ orgId: DEMO_ORG, api: 'get' }, deskwire);
    const settings = await getKaptureSettings(DEMO_ORG, deskwire);
    const read = await app.inject({
      method: 'POST',
      url: '/search-ticket-by-ticket-id.html/v.2.0',
      headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' },
      payload: { ticket_ids: kaptureTicketId(Number(created.json().Id), settings) },
    });
    assert.equal(read.statusCode, 200, read.body);
    const urls = (read.json()[0].task_details.attachments as Array<{ url: string }>).map((a) => a.url);
    assert.equal(urls.length, files.length, read.body);
    const got = new Set<string>();
    for (const url of urls) {
      const hash = assertPresigned(url);
      assert.equal(sha256(await download(url)), hash);
      got.add(hash);
    }
    assert.deepEqual(got, new Set(files.map((f) => sha256(f.content))));
  });

  test('the SDK downloads an attachment through its pre-signed URL, without sending API keys to the store', async () => {
    const client = new LeadSquaredClient({
      host: base,
      orgId: DEMO_ORG,
      accessKey: demo.accessKey,
      secretKey: demo.secretKey,
    });
    const conversations = await client.tickets.listConversations(String(demo.ticketNumber));
    const attachment = conversations.flatMap((c) => c.attachments)[0];
    assert.ok(attachment);
    assert.ok(attachment.url.startsWith(`${s3.endpoint}/`), attachment.url);
    const downloaded = await client.tickets.downloadAttachment(attachment);
    const chunks: Uint8Array[] = [];
    for await (const chunk of downloaded.body) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    assert.equal(bytes.length, attachment.size);
    assert.equal(sha256(bytes), new URL(attachment.url).pathname.split('/').pop());
  });

  test('a Deskwire-signed /files URL still works on S3: the server streams the object through', async () => {
    const ticket = await deskwire.storage.tickets.find(DEMO_ORG, { number: demo.ticketNumber });
    assert.ok(ticket);
    const [attachment] = (await deskwire.storage.activities.list(ticket.id, ['InboundEmail'])).flatMap(
      (a) => a.attachments,
    );
    assert.ok(attachment);
    const path = `/files/${attachment.id}/${encodeURIComponent(attachment.fileName)}`;
    const query = deskwire.signer.sign(path, new Date(Date.now() + 60_000));
    const res = await app.inject({ method: 'GET', url: `${path}?${query}` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(sha256(res.rawPayload), attachment.sha256);
    const tampered = await app.inject({
      method: 'GET',
      url: `${path}?${query.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}`,
    });
    assert.equal(tampered.statusCode, 403);
  });

  test('a failed upload (file over the limit) leaves no temporary key', async () => {
    const small = await buildApp(deskwire, { logLevel: false, limits: { fileBytes: 1000 } });
    try {
      const { payload, headers } = multipart([
        { name: 'ticketDTO', value: JSON.stringify(documentedCreateBody(DEMO_LEAD)) },
        { name: 'files', filename: 'big.bin', content: Buffer.alloc(5000, randomUUID()) },
      ]);
      const res = await small.inject({
        method: 'POST',
        url: `/api/tenants/${DEMO_ORG}/tickets`,
        headers: { ...auth(demo), ...headers },
        payload,
      });
      assert.equal(res.statusCode, 413, res.body);
      assert.deepEqual((await s3.keys(`${prefix}tmp/`)).length, 0);
    } finally {
      await small.close();
    }
  });
});
