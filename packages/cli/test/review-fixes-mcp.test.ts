import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fixture } from './helpers/fixture.js';
import { resultText, startMcp } from './helpers/mcp-session.js';
import { spawnCli } from './helpers/run-cli-env.js';

/** Regression tests of the `deskwire mcp` review: each failed before its fix. */

/** A LeadSquared connection to a host that never answers: no vendor call happens for a schema-refused call. */
function offlineEnv(dataDir: string): Record<string, string> {
  return {
    DESKWIRE_CONFIG_DIR: join(dataDir, 'config'),
    DESKWIRE_VENDOR: 'leadsquared',
    DESKWIRE_HOST: 'http://127.0.0.1:9',
    DESKWIRE_ORG_ID: '22824',
    DESKWIRE_ACCESS_KEY: 'u$r-review-access',
    DESKWIRE_SECRET_KEY: 'review-secret-never-audited',
  };
}

async function auditLines(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(file, 'utf8');
  assert.doesNotMatch(text, /review-secret-never-audited|u\$r-review-access/);
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('a write-tool call whose arguments break its schema is audited too (docs/mcp.md: whatever the outcome)', async (t) => {
  const f = await fixture(t);
  const auditFile = join(f.dataDir, 'audit.jsonl');
  const env = offlineEnv(f.dataDir);
  const mcp = await startMcp(
    ['--allow-writes', '--download-dir', join(f.dataDir, 'files'), '--audit-file', auditFile],
    env,
  );
  t.after(() => mcp.close());

  const note = await mcp.call('add_internal_note', { ticket_id: '143' });
  assert.equal(note.isError, true);
  assert.match(resultText(note), /Invalid arguments for tool add_internal_note/);
  const download = await mcp.call('download_attachment', { ticket_id: '143', attachment_id: '../../etc/passwd' });
  assert.equal(download.isError, true);
  // A read tool with bad arguments is not a write: it stays out of the audit file.
  assert.equal((await mcp.call('get_ticket', {})).isError, true);

  const lines = await auditLines(auditFile);
  assert.deepEqual(
    lines.map((e) => [e.tool, e.outcome, (e.error as { code?: string } | undefined)?.code]),
    [
      ['add_internal_note', 'error', 'INVALID_ARGUMENTS'],
      ['download_attachment', 'error', 'INVALID_ARGUMENTS'],
    ],
  );
  assert.deepEqual(lines[0]?.arguments, { ticket_id: '143' });
  assert.deepEqual(mcp.errors, [], 'stdout carried the protocol only');
});

test('over --http too, a schema-refused write-tool call is audited', async (t) => {
  const f = await fixture(t);
  const auditFile = join(f.dataDir, 'audit-http.jsonl');
  const child = spawnCli(['mcp', '--http', '0', '--allow-writes', '--audit-file', auditFile], offlineEnv(f.dataDir));
  t.after(() => {
    child.kill('SIGKILL');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`deskwire mcp --http exited ${code}`)));
  });
  const client = new Client({ name: 'review', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const result = (await client.callTool({ name: 'update_ticket', arguments: {} })) as CallToolResult;
  assert.equal(result.isError, true);
  await client.close();
  const lines = await auditLines(auditFile);
  assert.deepEqual(
    lines.map((e) => [e.tool, e.outcome, (e.error as { code?: string } | undefined)?.code]),
    [['update_ticket', 'error', 'INVALID_ARGUMENTS']],
  );
});
