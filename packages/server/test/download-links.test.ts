import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp, type Deskwire, openDeskwire, type SigningKeys, seedDemo, signingKeyId } from '@deskwire/server';
import type { FastifyInstance } from 'fastify';
import { auth, DEMO_ORG, sqliteOnly, startTestServer, TEST_BACKEND, type TestServer } from './helpers/test-server.js';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from './storage/postgres-test-schema.js';

// Issue 15 items 3 and 4: download links are signed with keys the operator can supply and rotate, cannot
// outlive the configured lifetime, die with their ticket; the data dir and database file are owner-only.

/** #143's first attachment link (L5), as a path with its query. */
async function attachmentLink(app: FastifyInstance, keys: { accessKey: string; secretKey: string }): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
    headers: { ...auth(keys), 'content-type': 'application/json' },
    payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail', 'OutboundEmail'] },
  });
  assert.equal(res.statusCode, 200, res.body);
  const list = res.json().ConversationList as Array<{ Attachments: Array<{ ContentPath: string }> }>;
  const path = list.flatMap((c) => c.Attachments)[0]?.ContentPath;
  assert.ok(path, 'the demo ticket has an attachment');
  return path.replace(/^https?:\/\/[^/]+/, '');
}

describe('download links: lifetime and trash (items 3, 4)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false, downloadUrlTtlSeconds: 600 });
  });
  after(() => server.close());

  test('links carry the key id; an expiry beyond now + TTL is refused even when correctly signed', async () => {
    const link = await attachmentLink(server.app, server.demo);
    assert.match(link, /[?&]kid=[0-9a-f]{8}&/);
    assert.equal((await server.app.inject({ method: 'GET', url: link })).statusCode, 200);

    const path = link.split('?')[0] ?? '';
    // The attack of the issue: the key's own signature over a far expiry.
    const forever = `${path}?${server.deskwire.signer.sign(path, new Date(999_999_999_999 * 1000))}`;
    const res = await server.app.inject({ method: 'GET', url: forever });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().ExceptionType, 'InvalidSignature');
    assert.match(res.json().ExceptionMessage, /expires later than any URL this server signs/);

    // Just inside the lifetime (TTL 600 s, plus the documented 60 s of clock skew) still works.
    const inside = `${path}?${server.deskwire.signer.sign(path, new Date(Date.now() + 650_000))}`;
    assert.equal((await server.app.inject({ method: 'GET', url: inside })).statusCode, 200);
    const beyond = `${path}?${server.deskwire.signer.sign(path, new Date(Date.now() + 700_000))}`;
    assert.equal((await server.app.inject({ method: 'GET', url: beyond })).statusCode, 403);
  });

  test('an unknown key id is refused like an altered signature', async () => {
    const link = await attachmentLink(server.app, server.demo);
    const res = await server.app.inject({ method: 'GET', url: link.replace(/kid=[0-9a-f]{8}/, 'kid=00000000') });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().ExceptionType, 'InvalidSignature');
  });

  test('trashing the ticket revokes its links at once (404, as for a file that never existed)', async () => {
    const link = await attachmentLink(server.app, server.demo);
    assert.equal((await server.app.inject({ method: 'GET', url: link })).statusCode, 200);
    const trash = await server.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/trash`,
      headers: { ...auth(server.demo), 'content-type': 'application/json' },
      payload: { TicketIds: ['143'] },
    });
    assert.equal(trash.statusCode, 200, trash.body);
    const res = await server.app.inject({ method: 'GET', url: link });
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(res.json().ExceptionType, 'NotFound');
  });
});

describe('signing keys from the operator, and rotation (item 3)', () => {
  let dataDir: string;
  const schema = TEST_BACKEND === 'postgres' ? freshSchemaName(process.env.DESKWIRE_TEST_SCHEMA_PREFIX) : undefined;
  const first = randomBytes(32);
  const second = randomBytes(32);

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskwire-keys-'));
  });
  after(async () => {
    if (schema !== undefined) await dropSchema(schema);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Opens the data set with these keys (or the stored one), serves it, runs `work`, closes. */
  async function withServer<T>(
    signingKeys: SigningKeys | undefined,
    work: (app: FastifyInstance, deskwire: Deskwire) => Promise<T>,
  ): Promise<T> {
    const deskwire = await openDeskwire({
      dataDir,
      ...(signingKeys !== undefined && { signingKeys }),
      ...(schema !== undefined && { databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema }),
    });
    const app = await buildApp(deskwire, { logLevel: false });
    try {
      return await work(app, deskwire);
    } finally {
      await app.close();
      await deskwire.close();
    }
  }

  test('the stored key is dropped once the operator supplies one; rotation keeps the previous key valid', async () => {
    let keys = { accessKey: '', secretKey: '' };
    const storedLink = await withServer(undefined, async (app, deskwire) => {
      keys = await seedDemo(deskwire);
      assert.ok(await deskwire.storage.settings.get('url_signing_key'), 'without keys, one is kept in the database');
      return attachmentLink(app, keys);
    });

    const firstLink = await withServer({ current: first }, async (app, deskwire) => {
      assert.equal(await deskwire.storage.settings.get('url_signing_key'), undefined, 'no key left in the database');
      assert.equal((await app.inject({ method: 'GET', url: storedLink })).statusCode, 403, 'the stored key is gone');
      const link = await attachmentLink(app, keys);
      assert.match(link, new RegExp(`kid=${signingKeyId(first)}&`));
      assert.equal((await app.inject({ method: 'GET', url: link })).statusCode, 200);
      return link;
    });

    await withServer({ current: second, previous: [first] }, async (app) => {
      assert.equal(
        (await app.inject({ method: 'GET', url: firstLink })).statusCode,
        200,
        'previous key still verifies',
      );
      const link = await attachmentLink(app, keys);
      assert.match(link, new RegExp(`kid=${signingKeyId(second)}&`), 'new links use the new key');
      assert.equal((await app.inject({ method: 'GET', url: link })).statusCode, 200);
    });

    await withServer({ current: second }, async (app) => {
      const res = await app.inject({ method: 'GET', url: firstLink });
      assert.equal(res.statusCode, 403, 'once the previous key is dropped, its links stop');
    });
  });

  test('a key shorter than 32 bytes is refused', async () => {
    await assert.rejects(
      openDeskwire({
        dataDir,
        signingKeys: { current: randomBytes(16) },
        ...(schema !== undefined && { databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema }),
      }),
      /at least 32 bytes/,
    );
  });
});

describe('owner-only data dir and database file (item 3)', () => {
  test('an existing 0755 data dir becomes 0700; deskwire.db and its WAL are 0600', sqliteOnly('the file'), async () => {
    const parent = await mkdtemp(join(tmpdir(), 'deskwire-perms-'));
    try {
      const dataDir = join(parent, 'data');
      await mkdir(dataDir, { mode: 0o755 });
      await chmod(dataDir, 0o755);
      const deskwire = await openDeskwire({ dataDir });
      try {
        await seedDemo(deskwire);
        assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
        assert.equal((await stat(join(dataDir, 'deskwire.db'))).mode & 0o777, 0o600);
        assert.equal((await stat(join(dataDir, 'deskwire.db-wal'))).mode & 0o777, 0o600);
      } finally {
        await deskwire.close();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
