import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { resultText, startMcp, structured } from './helpers/mcp-session.js';
import { runWith } from './helpers/run-cli-env.js';

const DEMO_ACCESS = 'u$rdeskwire-demo-22824';
const DEMO_SECRET = 'deskwire-demo-secret-not-for-production';

// reply_to_customer (issue 17): the MCP write tool that emails the customer, over the MCP protocol against a
// real `deskwire serve --demo`. It is offered only with --allow-writes, audited, and never mails what is meant
// as an internal note.
test('reply_to_customer: marked as a write that emails, audited, refuses note confusion, stores an OutboundEmail', async (t) => {
  const f = await fixture(t);
  const server = await f.serve('--demo');
  const env = { DESKWIRE_CONFIG_DIR: join(f.dataDir, 'config') };
  const added = await runWith(
    ['profile', 'add', 'demo', '--vendor', 'leadsquared', '--host', server.url, '--org-id', '22824'],
    { env, input: `${DEMO_ACCESS}\n${DEMO_SECRET}\n` },
  );
  assert.equal(added.code, 0, added.stderr);
  // The address replies are sent from (and customers write to).
  const mailbox = await runWith(
    ['mailbox', 'add', '--org-id', '22824', '--address', 'support@edu101.example', '--data-dir', f.dataDir],
    { env },
  );
  assert.equal(mailbox.code, 0, mailbox.stderr);

  // Read-only by default: not listed, and a call is refused (and audited) without touching the ticket.
  const readOnly = await startMcp(['--profile', 'demo'], env);
  try {
    const { tools } = await readOnly.client.listTools();
    assert.ok(!tools.some((tool) => tool.name === 'reply_to_customer'));
    const refused = await readOnly.call('reply_to_customer', { ticket_id: '143', text: 'Hello' });
    assert.equal(refused.isError, true);
    assert.match(resultText(refused), /REFUSED: .*--allow-writes/);
  } finally {
    await readOnly.close();
  }

  const auditFile = join(f.dataDir, 'audit.jsonl');
  const mcp = await startMcp(['--profile', 'demo', '--allow-writes', '--audit-file', auditFile], env);
  t.after(() => mcp.close());
  const { tools } = await mcp.client.listTools();
  const tool = tools.find((candidate) => candidate.name === 'reply_to_customer');
  assert.ok(tool, 'listed with --allow-writes');
  assert.match(tool.title ?? tool.annotations?.title ?? '', /EMAIL/);
  assert.match(tool.description ?? '', /^SENDS AN EMAIL/);
  assert.match(tool.description ?? '', /add_internal_note/);
  assert.equal(tool.annotations?.readOnlyHint, false);
  assert.equal(tool.annotations?.openWorldHint, true);

  const thread = async () => structured(await mcp.call('list_conversations', { ticket_id: '143', limit: 50 }));
  const before = (await thread()).total as number;

  // Internal-note confusion: refused before anything reaches the server.
  const asNote = await mcp.call('reply_to_customer', { ticket_id: '143', text: 'Checked the logs', internal: true });
  assert.equal(asNote.isError, true);
  assert.match(resultText(asNote), /^REFUSED: .*never mailed: use add_internal_note/);
  for (const text of [
    'Internal note: customer is on the old plan',
    '[internal] escalate to billing',
    'Note to self: call back',
  ]) {
    const res = await mcp.call('reply_to_customer', { ticket_id: '143', text });
    assert.equal(res.isError, true, text);
    assert.match(resultText(res), /^REFUSED: the text reads as an internal note/, text);
  }
  assert.equal((await thread()).total, before, 'nothing was stored or queued by a refused call');

  // The reply: queued as an OutboundEmail on the ticket, with our Message-ID.
  const sent = structured(
    await mcp.call('reply_to_customer', { ticket_id: '143', text: 'Your email address is updated.' }),
  );
  assert.equal(sent.ticketNumber, 143);
  assert.equal(sent.sendState, 'queued');
  assert.ok(sent.to.length > 0, 'addressed to the requester');
  assert.match(sent.messageId, /@/);
  const after = await thread();
  assert.equal(after.total, before + 1);
  const last = after.conversations.at(-1) as { kind: string; direction: string; isPrivate: boolean; body: string };
  assert.equal(last.kind, 'email-out');
  assert.equal(last.isPrivate, false);
  assert.match(last.body, /Your email address is updated\./);

  // The server's own error, with its code.
  const missing = await mcp.call('reply_to_customer', { ticket_id: '99999', text: 'Hello' });
  assert.equal(missing.isError, true);
  assert.match(resultText(missing), /^TicketNotFound: Ticket '99999' does not exist/);

  // Every call is in the audit file: outcome, and for the sent reply its Message-ID; no key anywhere.
  const auditText = await readFile(auditFile, 'utf8');
  assert.ok(!auditText.includes(DEMO_SECRET) && !auditText.includes(DEMO_ACCESS));
  const replies = auditText
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { tool: string; outcome: string; result?: { messageId?: string } })
    .filter((entry) => entry.tool === 'reply_to_customer');
  assert.deepEqual(
    replies.map((entry) => entry.outcome),
    ['refused', 'refused', 'refused', 'refused', 'ok', 'error'],
  );
  assert.equal(replies[4]?.result?.messageId, sent.messageId);
});
