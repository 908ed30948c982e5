import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  multipart as multipartBody,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

// A multipart create answered 200 must have stored every file it was sent. @fastify/multipart before
// 10.1 ended `request.parts()` on the request's 'close' event, which fires once the body has drained
// into busboy's buffer: when busboy was still holding back a trailing part (its ack deferred while the
// handler streamed an earlier, larger file to the blob store), that part was silently dropped and the
// create answered 200 without it (fastify/fastify-multipart#630). The crash-safety suite saw it as a
// "lost" third file; it was never stored. This drives that shape over real sockets, many times.

const ROUNDS = 5;
const WORKERS = 4;

describe('multipart creates over a real socket keep every file part', { timeout: 120_000 }, () => {
  let server: TestServer;
  let address: string;

  before(async () => {
    server = await startTestServer();
    await server.unlimit();
    address = await server.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => server.close());

  test(`${ROUNDS} creates with a large first file and small trailing files: every 200 stored all three`, async () => {
    const missing: string[] = [];
    const worker = async (w: number) => {
      for (let i = 0; i < ROUNDS; i++) {
        const round = w * 1000 + i;
        const names = [`big-${round}.bin`, `small-a-${round}.txt`, `small-b-${round}.txt`];
        const { payload, headers } = multipartBody([
          { name: 'ticketDTO', value: JSON.stringify(documentedCreateBody(DEMO_LEAD)) },
          { name: 'files', filename: names[0] as string, content: randomBytes(512 * 1024 + i) },
          { name: 'files', filename: names[1] as string, content: randomBytes(2000 + i) },
          { name: 'files', filename: names[2] as string, content: randomBytes(3000 + i) },
        ]);
        const res = await fetch(`${address}/api/tenants/${DEMO_ORG}/tickets`, {
          method: 'POST',
          headers: { ...auth(server.demo), ...headers },
          body: inSmallWrites(payload),
          duplex: 'half',
        } as RequestInit);
        const body = (await res.json()) as { Id?: string };
        assert.equal(res.status, 200, JSON.stringify(body));
        const ticket = await server.deskwire.storage.tickets.find(DEMO_ORG, { number: Number(body.Id) });
        assert.ok(ticket, `ticket ${body.Id}`);
        const stored = (await server.deskwire.storage.activities.listTicketFiles(ticket.id)).map((f) => f.fileName);
        for (const name of names) if (!stored.includes(name)) missing.push(`#${body.Id} lacks ${name}`);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    assert.deepEqual(missing, [], 'a create answered 200 stored every file it was sent');
  });
});

describe('the multipart parser delivers every part when its reader is slower than the socket', () => {
  test(
    'a reader that takes its time over the first file still gets the trailing files',
    { timeout: 30_000 },
    async () => {
      // The parser itself (the dependency the dialect reads forms with), with a reader slow on purpose:
      // the body is all received (the request emits 'close') while the parser still holds the trailing
      // parts, which is the moment the old iterator ended early.
      const app = Fastify();
      await app.register(multipart);
      app.post('/form', async (request) => {
        const seen: string[] = [];
        for await (const part of request.parts()) {
          if (part.type !== 'file') continue;
          seen.push(part.filename);
          for await (const _chunk of part.file) await sleep(5);
        }
        return { seen };
      });
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        // Sent in small writes (as a browser or fetch streams a form), so the parser's input buffer
        // takes in the trailing parts while it waits for the reader.
        const { payload, headers } = multipartBody([
          { name: 'files', filename: 'big.bin', content: randomBytes(512 * 1024) },
          { name: 'files', filename: 'a.txt', content: randomBytes(2000) },
          { name: 'files', filename: 'b.txt', content: randomBytes(3000) },
        ]);
        for (let round = 0; round < 3; round++) {
          const res = await fetch(`${url}/form`, {
            method: 'POST',
            headers,
            body: inSmallWrites(payload),
            duplex: 'half',
          } as RequestInit);
          assert.deepEqual(await res.json(), { seen: ['big.bin', 'a.txt', 'b.txt'] }, `round ${round}`);
        }
      } finally {
        await app.close();
      }
    },
  );
});

/** A body sent 1 KiB per write, as a browser or `fetch` streams a form. */
function inSmallWrites(payload: Buffer): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= payload.length) return controller.close();
      controller.enqueue(payload.subarray(offset, offset + 1024));
      offset += 1024;
    },
  });
}
