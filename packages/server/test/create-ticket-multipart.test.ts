import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { ERROR_STATUS } from '@deskwire/server';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  multipart,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

const TICKETS = `/api/tenants/${DEMO_ORG}/tickets`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Part = Parameters<typeof multipart>[0][number];

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** File content no other test sends, so content de-duplication can never hide a leftover blob. */
function uniqueContent(label: string, size?: number): Buffer {
  const text = Buffer.from(`${label} ${randomUUID()}\n`);
  if (size === undefined) return text;
  return Buffer.concat([text, Buffer.alloc(Math.max(0, size - text.length), 0x61)]).subarray(0, size);
}

/** Every file under a directory (recursively); 0 when it does not exist. */
async function countFiles(dir: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let n = 0;
  for (const entry of entries) {
    if (entry.isDirectory()) n += await countFiles(join(dir, entry.name));
    else n += 1;
  }
  return n;
}

/** Files in the blob store and in its temporary upload directory. */
async function blobFiles(server: TestServer): Promise<{ stored: number; tmp: number }> {
  return {
    stored: await countFiles(join(server.dataDir, 'blobs', 'sha256')),
    tmp: await countFiles(join(server.dataDir, 'blobs', 'tmp')),
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function assertErrorEnvelope(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  type: keyof typeof ERROR_STATUS,
): { Status: string; ExceptionType: string; ExceptionMessage: string } {
  const body = res.json() as { Status: string; ExceptionType: string; ExceptionMessage: string };
  assert.equal(res.statusCode, status, `status (body: ${JSON.stringify(body)})`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.deepEqual(Object.keys(body), ['Status', 'ExceptionType', 'ExceptionMessage']);
  assert.equal(body.Status, 'Error');
  assert.equal(body.ExceptionType, type);
  assert.equal(ERROR_STATUS[type], status, 'the code and its documented status agree');
  assert.equal(typeof body.ExceptionMessage, 'string');
  assert.ok(body.ExceptionMessage.length > 0);
  return body;
}

/** Harness shared by the describe blocks: one server, its next ticket number and failure checks. */
function harness(options: Parameters<typeof startTestServer>[0]) {
  const h = {
    server: undefined as unknown as TestServer,
    /** The number the last successful create got. */
    lastNumber: 0,
    post(parts: Part[]) {
      const { payload, headers } = multipart(parts);
      return h.server.app.inject({
        method: 'POST',
        url: TICKETS,
        headers: { ...auth(h.server.demo), ...headers },
        payload,
      });
    },
    postRaw(payload: Buffer, contentType: string) {
      return h.server.app.inject({
        method: 'POST',
        url: TICKETS,
        headers: { ...auth(h.server.demo), 'content-type': contentType },
        payload,
      });
    },
    /** Creates a ticket over JSON and checks that it got the number after the last one. */
    async expectNextNumber() {
      const res = await h.server.app.inject({
        method: 'POST',
        url: TICKETS,
        headers: auth(h.server.demo),
        payload: documentedCreateBody(DEMO_LEAD),
      });
      assert.equal(res.statusCode, 200, res.body);
      const id = Number(res.json().Id);
      const expected = h.lastNumber + 1;
      h.lastNumber = id; // before asserting, so one failure does not cascade into the next tests
      assert.equal(id, expected, 'no ticket number was used by the failed request');
    },
    /**
     * Runs a request that must fail, then checks that it wrote nothing: no blob (stored or
     * temporary) left on disk and no ticket (the next create gets the next consecutive number).
     */
    async expectFailure(
      send: () => Promise<{ statusCode: number; headers: Record<string, unknown>; json: () => unknown }>,
      status: number,
      type: keyof typeof ERROR_STATUS,
    ) {
      const blobsBefore = await blobFiles(h.server);
      const res = await send();
      if (res.statusCode === 200) h.lastNumber = Number((res.json() as { Id: string }).Id);
      const body = assertErrorEnvelope(res, status, type);
      assert.deepEqual(await blobFiles(h.server), blobsBefore, 'no blob file is left behind');
      await h.expectNextNumber();
      return body;
    },
  };
  before(async () => {
    h.server = await startTestServer({ logLevel: false, ...options });
    // Many calls in a row: lift the demo tenant's 25-per-5-seconds budget.
    await h.server.unlimit();
    // Learn the current number with one create, so every later check is "previous + 1".
    const res = await h.server.app.inject({
      method: 'POST',
      url: TICKETS,
      headers: auth(h.server.demo),
      payload: documentedCreateBody(DEMO_LEAD),
    });
    assert.equal(res.statusCode, 200, res.body);
    h.lastNumber = Number(res.json().Id);
  });
  after(() => h.server.close());
  return h;
}

const dto = (body: unknown = documentedCreateBody(DEMO_LEAD)) => ({ name: 'ticketDTO', value: JSON.stringify(body) });

describe('L2 POST /api/tenants/{orgId}/tickets (multipart/form-data)', () => {
  const h = harness({});

  test('the documented request with two files answers the documented envelope and stores both files', async () => {
    const pdf = uniqueContent('%PDF-1.4 sample', 3000);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), uniqueContent('png')]);
    const res = await h.post([
      dto(),
      { name: 'files', filename: 'sample.pdf', content: pdf, type: 'application/pdf' },
      { name: 'files', filename: 'screen shot.png', content: png, type: 'image/png' },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['Status', 'ReasonForFailure', 'Id', 'Message', 'Key', 'TicketId']);
    assert.equal(body.Status, 'Success');
    assert.equal(body.ReasonForFailure, null);
    assert.equal(typeof body.Id, 'string');
    assert.match(body.Id, /^[0-9]+$/);
    assert.equal(Number(body.Id), h.lastNumber + 1, 'the next ticket number');
    h.lastNumber = Number(body.Id);
    assert.equal(body.Message, 'Ticket has been created successfully');
    assert.equal(body.Key, `#${body.Id.padStart(3, '0')}`);
    assert.equal(typeof body.TicketId, 'string');
    assert.match(body.TicketId, GUID);

    const stored = await h.server.deskwire.storage.activities.listTicketFiles(body.TicketId);
    const byName = new Map(stored.map((f) => [f.fileName, f]));
    assert.equal(stored.length, 2);
    for (const [name, content, type] of [
      ['sample.pdf', pdf, 'application/pdf'],
      ['screen shot.png', png, 'image/png'],
    ] as const) {
      const file = byName.get(name);
      assert.ok(file, `${name} is attached to the ticket`);
      assert.equal(file.size, content.length);
      assert.equal(file.contentType, type);
      assert.equal(file.sha256, sha256(content));
      assert.ok(await h.server.deskwire.blobs.has(file.sha256));
      assert.deepEqual(await readAll(await h.server.deskwire.blobs.open(file.sha256)), content, 'the exact bytes');
    }
    const blobs = await blobFiles(h.server);
    assert.equal(blobs.tmp, 0, 'no temporary upload is left');
  });

  test('the ticket is readable afterwards by its number and GUID', async () => {
    const res = await h.post([dto(), { name: 'files', filename: 'a.txt', content: uniqueContent('read back') }]);
    assert.equal(res.statusCode, 200, res.body);
    h.lastNumber = Number(res.json().Id);
    for (const ref of [res.json().Id, res.json().TicketId]) {
      const got = await h.server.app.inject({
        method: 'GET',
        url: `${TICKETS}/${ref}`,
        headers: auth(h.server.demo),
      });
      assert.equal(got.statusCode, 200);
      assert.equal(got.json().TicketId, res.json().TicketId);
      assert.equal(got.json().LeadId, DEMO_LEAD);
    }
  });

  test('parts may come in any order: files before ticketDTO', async () => {
    const one = uniqueContent('first');
    const two = uniqueContent('second', 5000);
    const res = await h.post([
      { name: 'files', filename: 'one.txt', content: one, type: 'text/plain' },
      { name: 'files', filename: 'two.bin', content: two },
      dto(),
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(Number(res.json().Id), h.lastNumber + 1);
    h.lastNumber = Number(res.json().Id);
    const stored = await h.server.deskwire.storage.activities.listTicketFiles(res.json().TicketId);
    assert.deepEqual(
      stored.map((f) => [f.fileName, f.size, f.contentType, f.sha256]).sort(),
      [
        ['one.txt', one.length, 'text/plain', sha256(one)],
        ['two.bin', two.length, 'application/octet-stream', sha256(two)],
      ].sort(),
    );
  });

  test('a file between two halves of the form and no files at all both work', async () => {
    const middle = await h.post([
      { name: 'files', filename: 'x.txt', content: uniqueContent('x') },
      dto(),
      { name: 'files', filename: 'y.txt', content: uniqueContent('y') },
    ]);
    assert.equal(middle.statusCode, 200, middle.body);
    h.lastNumber = Number(middle.json().Id);
    assert.equal((await h.server.deskwire.storage.activities.listTicketFiles(middle.json().TicketId)).length, 2);

    const none = await h.post([dto()]);
    assert.equal(none.statusCode, 200, none.body);
    assert.equal(Number(none.json().Id), h.lastNumber + 1);
    h.lastNumber = Number(none.json().Id);
    assert.deepEqual(await h.server.deskwire.storage.activities.listTicketFiles(none.json().TicketId), []);
  });

  test('the same content uploaded twice is kept once and attached to both tickets', async () => {
    const content = uniqueContent('shared');
    const before = await blobFiles(h.server);
    const first = await h.post([dto(), { name: 'files', filename: 'shared.txt', content }]);
    const second = await h.post([dto(), { name: 'files', filename: 'again.txt', content }]);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(second.statusCode, 200, second.body);
    h.lastNumber = Number(second.json().Id);
    assert.equal((await blobFiles(h.server)).stored, before.stored + 1);
    const [a] = await h.server.deskwire.storage.activities.listTicketFiles(first.json().TicketId);
    const [b] = await h.server.deskwire.storage.activities.listTicketFiles(second.json().TicketId);
    assert.equal(a?.sha256, sha256(content));
    assert.equal(b?.sha256, sha256(content));
    assert.equal(b?.fileName, 'again.txt');
  });

  test('a ticketDTO part sent with Content-Type application/json is read as the create body', async () => {
    const boundary = `----deskwire${randomUUID()}`;
    const content = uniqueContent('json part');
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\nContent-Type: application/json\r\n\r\n` +
          `${JSON.stringify(documentedCreateBody(DEMO_LEAD))}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="j.txt"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await h.postRaw(payload, `multipart/form-data; boundary=${boundary}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(Number(res.json().Id), h.lastNumber + 1);
    h.lastNumber = Number(res.json().Id);
    const [file] = await h.server.deskwire.storage.activities.listTicketFiles(res.json().TicketId);
    assert.equal(file?.sha256, sha256(content));
  });

  describe('a failing create writes nothing (no ticket, no blob)', () => {
    test('a field value the account does not allow (Status "Nope"), with files', async () => {
      const body = documentedCreateBody(DEMO_LEAD);
      body.Fields = body.Fields.map((f) => (f.SchemaName === 'Status' ? { ...f, Value: 'Nope' } : f));
      const res = await h.expectFailure(
        () =>
          h.post([
            { name: 'files', filename: 'a.txt', content: uniqueContent('bad status a') },
            dto(body),
            { name: 'files', filename: 'b.txt', content: uniqueContent('bad status b') },
          ]),
        400,
        'InvalidFieldValue',
      );
      assert.match(res.ExceptionMessage, /Status/);
    });

    test('a ticketDTO that fails schema validation (TypeId as a number), with files', async () => {
      const res = await h.expectFailure(
        () =>
          h.post([
            { name: 'files', filename: 'a.txt', content: uniqueContent('schema') },
            dto({ ...documentedCreateBody(DEMO_LEAD), TypeId: 1 }),
          ]),
        400,
        'ValidationError',
      );
      assert.match(res.ExceptionMessage, /TypeId/);
    });

    test('an unknown lead, with files', async () => {
      await h.expectFailure(
        () =>
          h.post([
            dto(documentedCreateBody('00000000-0000-4000-8000-000000000000')),
            { name: 'files', filename: 'a.txt', content: uniqueContent('unknown lead') },
          ]),
        400,
        'LeadNotFound',
      );
    });

    test('no ticketDTO part: 400 MissingTicketDto', async () => {
      const res = await h.expectFailure(
        () =>
          h.post([
            { name: 'files', filename: 'a.txt', content: uniqueContent('no dto a') },
            { name: 'files', filename: 'b.txt', content: uniqueContent('no dto b') },
          ]),
        400,
        'MissingTicketDto',
      );
      assert.match(res.ExceptionMessage, /ticketDTO/);
    });

    test('an empty multipart form: 400 MissingTicketDto', async () => {
      await h.expectFailure(() => h.post([]), 400, 'MissingTicketDto');
    });

    test('a ticketDTO that is not JSON: 400 InvalidJson', async () => {
      const res = await h.expectFailure(
        () =>
          h.post([
            { name: 'files', filename: 'a.txt', content: uniqueContent('not json') },
            { name: 'ticketDTO', value: '{"TypeId": "1", ' },
          ]),
        400,
        'InvalidJson',
      );
      assert.match(res.ExceptionMessage, /ticketDTO/);
    });

    test('a ticketDTO that is JSON but not an object: 400 ValidationError', async () => {
      await h.expectFailure(
        () =>
          h.post([
            { name: 'ticketDTO', value: '[1,2]' },
            { name: 'files', filename: 'a.txt', content: uniqueContent('array') },
          ]),
        400,
        'ValidationError',
      );
    });

    test('a ticketDTO with a __proto__ key: 400 InvalidJson, as for a JSON body', async () => {
      await h.expectFailure(
        () =>
          h.post([
            { name: 'files', filename: 'a.txt', content: uniqueContent('proto') },
            {
              name: 'ticketDTO',
              value: JSON.stringify(documentedCreateBody(DEMO_LEAD)).replace('{', '{"__proto__":{"x":1},'),
            },
          ]),
        400,
        'InvalidJson',
      );
    });

    test('ticketDTO sent twice: 400 InvalidMultipart', async () => {
      await h.expectFailure(
        () => h.post([dto(), { name: 'files', filename: 'a.txt', content: uniqueContent('twice') }, dto()]),
        400,
        'InvalidMultipart',
      );
    });

    test('an unexpected text field: 400 InvalidMultipart', async () => {
      await h.expectFailure(
        () =>
          h.post([
            { name: 'files', filename: 'a.txt', content: uniqueContent('extra field') },
            dto(),
            { name: 'note', value: 'hello' },
          ]),
        400,
        'InvalidMultipart',
      );
    });

    test('a file part not named `files`: 400 InvalidMultipart', async () => {
      const res = await h.expectFailure(
        () =>
          h.post([
            { name: 'files', filename: 'ok.txt', content: uniqueContent('good part') },
            { name: 'attachment', filename: 'a.txt', content: uniqueContent('wrong part name') },
            dto(),
          ]),
        400,
        'InvalidMultipart',
      );
      assert.match(res.ExceptionMessage, /attachment/);
    });

    for (const [label, filename] of [
      ['a forward slash', 'dir/evil.txt'],
      ['a parent-directory path', '../../etc/passwd'],
      ['a backslash', 'dir\\evil.txt'],
      ['a Windows path', 'C:\\Windows\\evil.txt'],
      ['exactly ".."', '..'],
      ['exactly "."', '.'],
      ['a control character (\\x01)', 'bad\u0001name.txt'],
      ['a DEL character', 'bad\u007fname.txt'],
      ['a tab', 'bad\tname.txt'],
      ['only spaces', '   '],
    ] as const) {
      test(`a file name with ${label}: 400 InvalidFileName`, async () => {
        await h.expectFailure(
          () =>
            h.post([
              { name: 'files', filename: 'fine.txt', content: uniqueContent(`before ${label}`) },
              { name: 'files', filename, content: uniqueContent(`name ${label}`) },
              dto(),
            ]),
          400,
          'InvalidFileName',
        );
      });
    }

    test('a file name with a control character sent as RFC 5987 filename*: 400 InvalidFileName', async () => {
      const boundary = `----deskwire${randomUUID()}`;
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\n\r\n${JSON.stringify(documentedCreateBody(DEMO_LEAD))}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename*=UTF-8''bad%01name.txt\r\n\r\n`,
        ),
        uniqueContent('rfc5987'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      await h.expectFailure(
        () => h.postRaw(payload, `multipart/form-data; boundary=${boundary}`),
        400,
        'InvalidFileName',
      );
    });

    const cutOffBody = (label: string) => {
      const boundary = `----deskwire${randomUUID()}`;
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\n\r\n${JSON.stringify(documentedCreateBody(DEMO_LEAD))}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="whole.txt"\r\n\r\n`,
        ),
        uniqueContent(`${label} whole`),
        Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="cut.txt"\r\n\r\n`),
        uniqueContent(`${label} cut`, 2000),
      ]);
      return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
    };

    test('a multipart body that ends inside a file part: 400 InvalidMultipart', async () => {
      const { payload, contentType } = cutOffBody('inject');
      const res = await h.expectFailure(() => h.postRaw(payload, contentType), 400, 'InvalidMultipart');
      // Given whole (inject), the parser reports the early end before it hands over the cut part, so the
      // message names the body rather than the file; over a socket it names the file (next test).
      assert.match(res.ExceptionMessage, /cut\.txt|ends before its closing boundary/);
    });

    test(
      'the same over a real socket: 400 InvalidMultipart, not a 500 or a hung request',
      { timeout: 15_000 },
      async () => {
        const { payload, contentType } = cutOffBody('socket');
        const address = await h.server.app.listen({ host: '127.0.0.1', port: 0 });
        await h.expectFailure(
          async () => {
            const res = await fetch(`${address}${TICKETS}`, {
              method: 'POST',
              headers: { ...auth(h.server.demo), 'content-type': contentType },
              body: payload,
              signal: AbortSignal.timeout(10_000),
            });
            const body: unknown = await res.json();
            return {
              statusCode: res.status,
              headers: { 'content-type': res.headers.get('content-type') },
              json: () => body,
            };
          },
          400,
          'InvalidMultipart',
        );
      },
    );

    test('a multipart Content-Type without a boundary: 400 InvalidMultipart', async () => {
      await h.expectFailure(
        () => h.postRaw(Buffer.from('--x\r\n\r\n'), 'multipart/form-data'),
        400,
        'InvalidMultipart',
      );
    });

    test('a ticketDTO part declared application/json that is not JSON: 400 InvalidJson', async () => {
      const boundary = `----deskwire${randomUUID()}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n`),
        uniqueContent('json typed'),
        Buffer.from(
          `\r\n--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\nContent-Type: application/json\r\n\r\n{"TypeId":\r\n--${boundary}--\r\n`,
        ),
      ]);
      await h.expectFailure(() => h.postRaw(payload, `multipart/form-data; boundary=${boundary}`), 400, 'InvalidJson');
    });
  });
});

describe('L2 multipart limits (fileBytes 1024, files 2, bodyBytes 2048)', () => {
  const h = harness({ limits: { fileBytes: 1024, files: 2, bodyBytes: 2048 } });

  test('files at the limits are accepted: two files, one of exactly 1024 bytes', async () => {
    const exact = uniqueContent('exact', 1024);
    const res = await h.post([
      dto(),
      { name: 'files', filename: 'exact.bin', content: exact },
      { name: 'files', filename: 'small.txt', content: uniqueContent('small') },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(Number(res.json().Id), h.lastNumber + 1);
    h.lastNumber = Number(res.json().Id);
    const stored = await h.server.deskwire.storage.activities.listTicketFiles(res.json().TicketId);
    assert.equal(stored.find((f) => f.fileName === 'exact.bin')?.size, 1024);
  });

  test('a file over the limit: 413 PayloadTooLarge, nothing written', async () => {
    await h.expectFailure(
      () =>
        h.post([
          dto(),
          { name: 'files', filename: 'ok.txt', content: uniqueContent('under limit') },
          { name: 'files', filename: 'big.bin', content: uniqueContent('over limit', 4096) },
        ]),
      413,
      'PayloadTooLarge',
    );
  });

  test('a file of limit + 1 bytes: 413 PayloadTooLarge naming the file and the limit, nothing written', async () => {
    const body = await h.expectFailure(
      () => h.post([dto(), { name: 'files', filename: 'big.bin', content: uniqueContent('one over', 1025) }]),
      413,
      'PayloadTooLarge',
    );
    assert.equal(
      (body as { ExceptionMessage: string }).ExceptionMessage,
      "File 'big.bin' is larger than the limit of 1024 bytes per file",
    );
  });

  test('a file over the limit before ticketDTO: 413 PayloadTooLarge, nothing written', async () => {
    await h.expectFailure(
      () => h.post([{ name: 'files', filename: 'big.bin', content: uniqueContent('over first', 3000) }, dto()]),
      413,
      'PayloadTooLarge',
    );
  });

  test('a ticketDTO over the body limit: 413 PayloadTooLarge, nothing written', async () => {
    const body = documentedCreateBody(DEMO_LEAD);
    body.Fields = body.Fields.map((f) => (f.SchemaName === 'Description' ? { ...f, Value: 'd'.repeat(3000) } : f));
    await h.expectFailure(
      () => h.post([{ name: 'files', filename: 'a.txt', content: uniqueContent('big dto') }, dto(body)]),
      413,
      'PayloadTooLarge',
    );
  });

  test('too many files (3 with a limit of 2): 413 TooManyFiles, nothing written', async () => {
    await h.expectFailure(
      () =>
        h.post([
          dto(),
          { name: 'files', filename: '1.txt', content: uniqueContent('many 1') },
          { name: 'files', filename: '2.txt', content: uniqueContent('many 2') },
          { name: 'files', filename: '3.txt', content: uniqueContent('many 3') },
        ]),
      413,
      'TooManyFiles',
    );
  });

  test('too many files before ticketDTO: 413 TooManyFiles, nothing written', async () => {
    await h.expectFailure(
      () =>
        h.post([
          { name: 'files', filename: '1.txt', content: uniqueContent('many first 1') },
          { name: 'files', filename: '2.txt', content: uniqueContent('many first 2') },
          { name: 'files', filename: '3.txt', content: uniqueContent('many first 3') },
          dto(),
        ]),
      413,
      'TooManyFiles',
    );
  });
});
