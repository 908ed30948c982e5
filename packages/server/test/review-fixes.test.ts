// Regression tests for defects found in review: each case failed before its fix.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  addActivity,
  createTenant,
  createTicket,
  parseTicketRef,
  type StoredFile,
  updateTenant,
} from '@deskwire/server';
import { auth, DEMO_LEAD, DEMO_ORG, sqliteOnly, startTestServer, type TestServer } from './helpers/test-server.js';
import { startSandboxServer, TOKEN } from './sandbox/sandbox-server.js';

describe('review fixes', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await server.unlimit();
  });
  after(() => server.close());

  const admin = async () => {
    const user = await server.deskwire.storage.users.get(DEMO_ORG, 'a443f7b7-d1fd-11ec-993a-06f221480cd8');
    assert.ok(user);
    return user;
  };
  const upload = async (content: Buffer): Promise<StoredFile> => ({
    fileName: 'same.txt',
    contentType: 'text/plain',
    ...(await server.deskwire.blobs.put(Readable.from([content]))),
  });

  test('a failed upload does not delete bytes a concurrent upload of the same content is about to attach', async () => {
    const content = Buffer.from(`shared bytes ${Date.now()}`);
    const first = await upload(content);
    const second = await upload(content);
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    await assert.rejects(
      createTicket(
        { orgId: DEMO_ORG, actor: await admin(), typeId: 99, lead: { id: DEMO_LEAD }, fields: [], files: [first] },
        server.deskwire,
      ),
    );
    assert.equal(await server.deskwire.blobs.has(first.sha256), true, 'still pinned by the second upload');
    await addActivity(
      {
        orgId: DEMO_ORG,
        ticket: parseTicketRef('143'),
        type: 'InboundEmail',
        text: 'with file',
        createdBy: 'x',
        files: [second],
      },
      server.deskwire,
    );
    assert.equal(server.deskwire.blobs.isPinned(first.sha256), false, 'every pin released');
    assert.equal(await server.deskwire.blobs.has(first.sha256), true);
  });

  test('an attachment whose blob is missing downloads as 404, not 500', async () => {
    const file = await upload(Buffer.from(`to be lost ${Date.now()}`));
    await addActivity(
      {
        orgId: DEMO_ORG,
        ticket: parseTicketRef('143'),
        type: 'OutboundEmail',
        text: 'lost file',
        createdBy: 'x',
        files: [file],
      },
      server.deskwire,
    );
    await server.deskwire.blobs.delete(file.sha256);
    const list = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(server.demo),
      payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['OutboundEmail'] },
    });
    const lost = list.json().ConversationList.find((c: { Text: string }) => c.Text === 'lost file');
    const res = await server.app.inject({
      method: 'GET',
      url: lost.Attachments[0].ContentPath.replace(/^http:\/\/[^/]+/, ''),
    });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().ExceptionType, 'NotFound');
  });

  test('a malformed escape beside a percent-encoded signature does not put the signature in the logs', async () => {
    const list = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(server.demo),
      payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail'] },
    });
    const url = new URL(list.json().ConversationList[1].Attachments[0].ContentPath);
    const signature = url.searchParams.get('signature') ?? '';
    await server.app.inject({
      method: 'GET',
      url: `${url.pathname}?expires=${url.searchParams.get('expires')}&sig%6Eature=${signature}&x=%zz`,
    });
    assert.ok(signature.length === 64);
    assert.ok(!server.logs().includes(signature));
  });

  test('malformed URLs answer the error envelope without echoing the URL', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/files/%ff/x.txt?signature=deadbeefcafe' });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
    assert.deepEqual(Object.keys(res.json()), ['Status', 'ExceptionType', 'ExceptionMessage']);
    assert.ok(!res.body.includes('deadbeefcafe'));
    const long = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets/${'1'.repeat(150)}`,
      headers: auth(server.demo),
    });
    assert.ok(long.statusCode >= 400 && long.statusCode < 500);
    assert.equal(long.json().Status, 'Error');
  });

  test('an invalid IP allowlist entry is a ValidationError, not a crash', async () => {
    for (const entry of ['nope', '1.2.3.4/99']) {
      await assert.rejects(updateTenant({ orgId: DEMO_ORG, patch: { ipAllowlist: [entry] } }, server.deskwire), {
        code: 'ValidationError',
      });
    }
  });

  test('a tenant whose chosen admin id is taken is refused before anything is written', async () => {
    await assert.rejects(
      createTenant({ orgId: 9191, name: 'x', admin: { id: 'a443f7b7-d1fd-11ec-993a-06f221480cd8' } }, server.deskwire),
      { code: 'ValidationError' },
    );
    assert.equal(await server.deskwire.storage.tenants.get(9191), undefined);
  });

  test('L3 by GUID checks the DTO Id against the ticket the GUID names', async () => {
    const res = await server.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/03913666-6ab8-4355-9a50-a63fe3204d0a/update`,
      headers: auth(server.demo),
      payload: { TypeId: '1', Id: '999', Fields: [{ SchemaName: 'Priority', Value: 'High' }], RelatedTicketTypeId: 1 },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().ExceptionMessage, /does not match ticket 143/);
  });

  test(
    'two processes writing to one data dir both succeed (BEGIN IMMEDIATE waits instead of failing)',
    sqliteOnly('SQLite write locking between processes; storage-postgres.test.ts covers two pools'),
    async () => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(new URL('./helpers/create-loop.mts', import.meta.url)),
          server.dataDir,
          '150',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const actor = await admin();
      let failed = 0;
      for (let i = 0; i < 150; i++) {
        await createTicket(
          {
            orgId: DEMO_ORG,
            actor,
            typeId: 1,
            lead: { id: DEMO_LEAD },
            fields: [{ schemaName: 'Title', value: `parent ${i}` }],
          },
          server.deskwire,
        ).catch(() => {
          failed++;
        });
      }
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
      assert.equal(failed, 0);
      assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'), { failed: 0 });
    },
  );
});

describe('review fixes: sandbox input', () => {
  test('impossible dates are 400s, not 500s', async () => {
    const server = await startSandboxServer();
    try {
      const token = await server.admin('POST', `/tenants/${DEMO_ORG}/tokens`, {
        api: 'get',
        expiresAt: '2030-13-45T99:99:99Z',
      });
      assert.equal(token.statusCode, 400, token.body);
      await server.lsq(server.demo, DEMO_ORG, 'GET', '/tickets/143');
      const since = await server.admin('GET', `/tenants/${DEMO_ORG}/requests?since=2030-13-45T99:99:99Z`);
      assert.equal(since.statusCode, 400, since.body);
      assert.ok(TOKEN);
    } finally {
      await server.close();
    }
  });
});
