import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fixture } from './helpers/fixture.js';
import { resultText, startMcp, structured } from './helpers/mcp-session.js';
import { request } from './helpers/run-cli.js';
import { runWith, spawnCli } from './helpers/run-cli-env.js';

const DEMO_ACCESS = 'u$rdeskwire-demo-22824';
const DEMO_SECRET = 'deskwire-demo-secret-not-for-production';
/** The demo ticket #143 as Kapture names it (docs/kapture-api.md, Ids). */
const DEMO_KAPTURE_ID = '713516551148';

test('--http: streamable HTTP on loopback, with Host and Origin checked', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--demo');
  const env = {
    DESKWIRE_CONFIG_DIR: join(f.dataDir, 'config'),
    DESKWIRE_VENDOR: 'leadsquared',
    DESKWIRE_HOST: server.url,
    DESKWIRE_ORG_ID: '22824',
    DESKWIRE_ACCESS_KEY: DEMO_ACCESS,
    DESKWIRE_SECRET_KEY: DEMO_SECRET,
  };
  const child = spawnCli(['mcp', '--http', '0'], env);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(() => {
    child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    void exited.then((code) => reject(new Error(`deskwire mcp --http exited ${code}: ${stderr}`)));
  });
  assert.match(url, /^http:\/\/127\.0\.0\.1:[0-9]+\/mcp$/);

  const client = new Client({ name: 'deskwire-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  assert.deepEqual((await client.listTools()).tools.map((tool) => tool.name).sort(), [
    'get_ticket',
    'get_tickets',
    'list_conversations',
    'search_tickets',
  ]);
  const got = (await client.callTool({ name: 'get_ticket', arguments: { id: '143' } })) as CallToolResult;
  assert.equal(structured(got).key, '#143');
  const refused = (await client.callTool({
    name: 'create_ticket',
    arguments: { title: 'x' },
  })) as CallToolResult;
  assert.match(resultText(refused), /^REFUSED: .*--allow-writes/);
  const resource = await client.readResource({ uri: 'ticket://143' });
  assert.match((resource.contents[0] as { text: string }).text, /^# Update Email Id/);
  await client.close();

  // DNS rebinding: a foreign Host or Origin is refused before any MCP processing.
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const port = new URL(url).port;
  const ok = await request(url, { method: 'POST', headers, body: initialize });
  assert.equal(ok.status, 200);
  const badHost = await request(url, {
    method: 'POST',
    headers: { ...headers, host: `evil.example:${port}` },
    body: initialize,
  });
  assert.equal(badHost.status, 403);
  const badOrigin = await request(url, {
    method: 'POST',
    headers: { ...headers, origin: 'http://evil.example' },
    body: initialize,
  });
  assert.equal(badOrigin.status, 403);
  const goodOrigin = await request(url, {
    method: 'POST',
    headers: { ...headers, origin: `http://localhost:${port}`, host: `localhost:${port}` },
    body: initialize,
  });
  assert.equal(goodOrigin.status, 200);
  assert.equal((await request(url, { method: 'GET' })).status, 405);
  assert.equal((await request(url.replace('/mcp', '/other'), { method: 'POST', body: initialize })).status, 404);

  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
});

test('a Kapture profile: the same tools over token auth', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--demo');
  const config = join(f.dataDir, 'config');
  const tokens: string[] = [];
  for (const api of ['get', 'add', 'update']) {
    const made = await runWith([
      'token',
      'create',
      '--org-id',
      '22824',
      '--api',
      api,
      '--data-dir',
      f.dataDir,
      '--json',
    ]);
    assert.equal(made.code, 0, made.stderr);
    tokens.push(`${api}=${JSON.parse(made.stdout).token}`);
  }
  const env = { DESKWIRE_CONFIG_DIR: config };
  const added = await runWith(['profile', 'add', 'shop', '--vendor', 'kapture', '--host', server.url], {
    env,
    input: `${tokens.join('\n')}\n`,
  });
  assert.equal(added.code, 0, added.stderr);
  const auditFile = join(f.dataDir, 'audit.jsonl');
  const mcp = await startMcp(['--profile', 'shop', '--allow-writes', '--audit-file', auditFile], env);
  t.after(() => mcp.close());

  const demo = structured(await mcp.call('get_ticket', { id: DEMO_KAPTURE_ID }));
  assert.equal(demo.vendor, 'kapture');
  assert.equal(demo.title, 'Update Email Id');

  const created = structured(
    await mcp.call('create_ticket', {
      title: 'Parcel not delivered',
      description: 'Order ORD-7 has not arrived',
      requester: { email: 'asha@example.com' },
      fields: { order_ref: 'ORD-7' },
    }),
  );
  assert.match(created.id, /^[0-9]{12}$/);
  assert.equal(structured(await mcp.call('get_ticket', { id: created.id })).title, 'Parcel not delivered');

  structured(await mcp.call('add_internal_note', { ticket_id: created.id, text: 'Courier contacted' }));
  const thread = structured(await mcp.call('list_conversations', { ticket_id: created.id }));
  assert.ok(
    thread.conversations.some(
      (c: { kind: string; isPrivate: boolean; body: string }) =>
        c.kind === 'note' && c.isPrivate && c.body === 'Courier contacted',
    ),
    JSON.stringify(thread),
  );

  structured(await mcp.call('update_ticket', { ticket_id: created.id, status: 'CL' }));
  assert.equal(structured(await mcp.call('get_ticket', { id: created.id })).status, 'closed');
  const unsupported = await mcp.call('update_ticket', { ticket_id: created.id, priority: 'High' });
  assert.match(resultText(unsupported), /^UNSUPPORTED: /);

  const missing = await mcp.call('get_ticket', { id: '999999999999' });
  assert.equal(missing.isError, true);
  assert.match(resultText(missing), /^NOT_FOUND: /);
  assert.equal(structured(await mcp.call('get_ticket', { id: DEMO_KAPTURE_ID })).id, DEMO_KAPTURE_ID);

  const { readFile } = await import('node:fs/promises');
  const audit = (await readFile(auditFile, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    audit.map((e) => [e.tool, e.outcome, e.vendor, e.profile]),
    [
      ['create_ticket', 'ok', 'kapture', 'shop'],
      ['add_internal_note', 'ok', 'kapture', 'shop'],
      ['update_ticket', 'ok', 'kapture', 'shop'],
      ['update_ticket', 'error', 'kapture', 'shop'],
    ],
  );
  const auditText = JSON.stringify(audit);
  for (const token of tokens) assert.ok(!auditText.includes(token.slice(token.indexOf('=') + 1)));
});
