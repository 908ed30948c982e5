import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import {
  api,
  createBody,
  DEMO_LEAD,
  DEMO_ORG,
  demoKeys,
  type HttpResult,
  request,
  waitForStdoutLines,
} from './helpers/run-cli.js';

const TEST_TIMEOUT = 60_000;

describe('deskwire serve', () => {
  test(
    'serve --demo --port 0: first stdout line is the base URL, the printed keys and curl line work, logs go to stderr',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const server = await f.serve('--demo');

      assert.match(server.url, /^http:\/\/127\.0\.0\.1:[0-9]+$/, 'first stdout line is exactly the base URL');
      const port = Number(new URL(server.url).port);
      assert.ok(port > 0 && port <= 65535, `a real port was picked, not ${port}`);

      const lines = await waitForStdoutLines(server, 7);
      assert.equal(lines[0], server.url);
      const keys = demoKeys(server.stdout());

      const res = await fetch(`${server.url}/api/tenants/${DEMO_ORG}/tickets/143`, {
        headers: { 'X-LSQ-ACCESS-KEY': keys.accessKey, 'X-LSQ-SECRET-KEY': keys.secretKey },
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { Id: string };
      assert.equal(body.Id, '143');

      const curl = lines.find((l) => l.trim().startsWith('curl '));
      assert.ok(curl, `a curl line is printed:\n${server.stdout()}`);
      assert.ok(curl.includes(`${server.url}/api/tenants/${DEMO_ORG}/tickets/143`), 'the curl line names the URL');
      assert.ok(curl.includes(keys.accessKey) && curl.includes(keys.secretKey), 'the curl line carries the keys');

      // The request above was logged: on stderr, as JSON, and never on stdout.
      await server.waitForStderr('/api/tenants/22824/tickets/143');
      assert.match(server.stderr(), /^\{.*"msg":"Server listening at/m, 'pino logs go to stderr');
      for (const line of server.stdout().split('\n')) {
        assert.doesNotMatch(line, /^\s*\{/, `stdout has no JSON log lines, got: ${line}`);
      }
      assert.doesNotMatch(server.stdout(), /"level":/);

      const exit = await server.stop('SIGTERM');
      assert.deepEqual(exit, { code: 0, signal: null });
    },
  );

  test(
    'SIGTERM lets an in-flight upload finish with 200, refuses new connections, then exits 0',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const server = await f.serve('--demo');
      await waitForStdoutLines(server, 7);
      const keys = demoKeys(server.stdout());

      const file = randomBytes(256 * 1024);
      const boundary = `----deskwire-cli-test-${randomBytes(8).toString('hex')}`;
      const dto = JSON.stringify(createBody({ Title: 'Uploaded during shutdown' }));
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\n\r\n${dto}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="evidence.bin"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const half = Math.floor(body.length / 2);

      let req: ReturnType<typeof httpRequest> | undefined;
      const response = new Promise<HttpResult>((resolve, reject) => {
        req = httpRequest(
          `${server.url}/api/tenants/${DEMO_ORG}/tickets`,
          {
            method: 'POST',
            agent: false,
            timeout: 20_000,
            headers: {
              'x-lsq-access-key': keys.accessKey,
              'x-lsq-secret-key': keys.secretKey,
              'content-type': `multipart/form-data; boundary=${boundary}`,
              'content-length': String(body.length),
            },
          },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const raw = Buffer.concat(chunks);
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: raw,
                json: () => JSON.parse(raw.toString('utf8')),
              });
            });
          },
        );
        req.on('timeout', () => req?.destroy(new Error('slow upload timed out')));
        req.on('error', reject);
      });
      assert.ok(req);
      try {
        req.write(body.subarray(0, half));
        // The server has the request (headers parsed, body streaming) before the signal goes out.
        await server.waitForStderr(
          /"msg":"incoming request".*"method":"POST"|"method":"POST".*"msg":"incoming request"/,
        );

        server.child.kill('SIGTERM');
        await server.waitForStderr('SIGTERM received');

        // A new connection now is refused outright, or answered 503. (A connection that races the
        // closing of the listening socket sits in the kernel backlog and is reset: refused as well.)
        await new Promise((r) => setTimeout(r, 100));
        const fresh = await request(`${server.url}/healthz`, { timeoutMs: 5_000 }).then(
          (r) => ({ status: r.status, code: undefined }),
          (error: NodeJS.ErrnoException) => ({ status: undefined, code: error.code }),
        );
        assert.ok(
          fresh.code === 'ECONNREFUSED' || fresh.code === 'ECONNRESET' || fresh.status === 503,
          `a new connection after SIGTERM is refused or gets 503, got ${JSON.stringify(fresh)}`,
        );

        await new Promise((r) => setTimeout(r, 300));
        req.end(body.subarray(half));
        const res = await response;
        assert.equal(res.status, 200, res.body.toString('utf8'));
        const created = res.json();
        assert.equal(created.Status, 'Success');
        assert.match(created.Id, /^[0-9]+$/);
      } finally {
        req.destroy();
      }

      // No second signal: the one SIGTERM alone must end the process, with code 0.
      const exit = await server.waitForExit();
      assert.deepEqual(exit, { code: 0, signal: null }, `exit after SIGTERM; stderr:\n${server.stderr()}`);
    },
  );

  test(
    'a ticket created over HTTP is still there after a SIGTERM and a restart',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const first = await f.serve('--demo');
      await waitForStdoutLines(first, 7);
      const keys = demoKeys(first.stdout());

      const title = `Survives a restart ${randomBytes(4).toString('hex')}`;
      const created = await api(
        first.url,
        keys,
        'POST',
        `/api/tenants/${DEMO_ORG}/tickets`,
        createBody({ Title: title, Status: 'Open' }),
      );
      assert.equal(created.status, 200, created.body.toString('utf8'));
      const id: string = created.json().Id;
      const ticketId: string = created.json().TicketId;
      assert.deepEqual(await first.stop('SIGTERM'), { code: 0, signal: null });

      // No --demo the second time: the tenant, its keys and the new ticket all come from the data dir.
      const second = await f.serve();
      assert.notEqual(second.url, '');
      const got = await api(second.url, keys, 'GET', `/api/tenants/${DEMO_ORG}/tickets/${id}`);
      assert.equal(got.status, 200, got.body.toString('utf8'));
      const ticket = got.json();
      assert.equal(ticket.Id, id);
      assert.equal(ticket.TicketId, ticketId);
      assert.equal(ticket.LeadId, DEMO_LEAD);
      const titleField = (ticket.Fields as Array<{ SchemaName: string; Value: unknown }>).find(
        (x) => x.SchemaName === 'Title',
      );
      assert.equal(titleField?.Value, title);

      const demo = await api(second.url, keys, 'GET', `/api/tenants/${DEMO_ORG}/tickets/143`);
      assert.equal(demo.status, 200);
      assert.deepEqual(await second.stop('SIGTERM'), { code: 0, signal: null });
    },
  );
});
