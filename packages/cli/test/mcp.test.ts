import assert from 'node:assert/strict';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { KaptureClient, LeadSquaredClient } from '@deskwire/client';
import { type Fixture, fixture } from './helpers/fixture.js';
import { resultText, startMcp, structured } from './helpers/mcp-session.js';
import { runWith } from './helpers/run-cli-env.js';

const DEMO_ACCESS = 'u$rdeskwire-demo-22824';
const DEMO_SECRET = 'deskwire-demo-secret-not-for-production';
/** The demo ticket #143 as Kapture names it (docs/kapture-api.md, Ids). */
const DEMO_KAPTURE_ID = '713516551148';
const READ_TOOLS = ['get_ticket', 'get_tickets', 'search_tickets', 'list_conversations'];

/** `serve --demo` and a LeadSquared profile `demo` for it, in the fixture's own config dir. */
async function demoProfile(f: Fixture): Promise<{ url: string; env: Record<string, string> }> {
  const server = await f.serve('--demo');
  const env = { DESKWIRE_CONFIG_DIR: join(f.dataDir, 'config') };
  const added = await runWith(
    ['profile', 'add', 'demo', '--vendor', 'leadsquared', '--host', server.url, '--org-id', '22824'],
    { env, input: `${DEMO_ACCESS}\n${DEMO_SECRET}\n` },
  );
  assert.equal(added.code, 0, added.stderr);
  return { url: server.url, env };
}

test('read-only by default: the read tools, the resource, the prompt, refusals and vendor errors', async (t) => {
  const f = await fixture(t);
  const { env } = await demoProfile(f);
  const mcp = await startMcp(['--profile', 'demo'], env);
  t.after(() => mcp.close());

  // Only the read tools are listed, each with a description and described arguments.
  const { tools } = await mcp.client.listTools();
  assert.deepEqual(tools.map((tool) => tool.name).sort(), [...READ_TOOLS].sort());
  for (const tool of tools) {
    assert.ok((tool.description ?? '').length > 40, tool.name);
    assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
    assert.ok(tool.outputSchema, tool.name);
    for (const [name, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
      assert.ok((schema as { description?: string }).description, `${tool.name}.${name} has a description`);
    }
  }

  const ticket = structured(await mcp.call('get_ticket', { id: '143' }));
  assert.equal(ticket.key, '#143');
  assert.equal(ticket.title, 'Update Email Id');
  assert.equal(ticket.vendor, 'leadsquared');
  assert.equal(ticket.raw, undefined);
  assert.match(resultText(await mcp.call('get_ticket', { id: '#143' })), /^# Update Email Id/);

  const batch = structured(await mcp.call('get_tickets', { ids: ['143', '99999'] }));
  assert.deepEqual(
    batch.tickets.map((x: { id: string }) => x.id),
    ['143'],
  );
  assert.deepEqual(batch.missing, ['99999']);

  // search_tickets: Deskwire's /api/v1 search over the same key pair, read-only.
  const found = structured(await mcp.call('search_tickets', { query: 'Update Email' }));
  assert.equal(found.tickets[0].key, '#143');
  assert.match(found.tickets[0].snippet ?? found.tickets[0].title, /Update|Email/);
  const listed = structured(
    await mcp.call('search_tickets', { status: 'Open,On Hold,In Progress,Resolved,Closed', limit: 1 }),
  );
  assert.equal(listed.tickets.length, 1);

  const thread = structured(await mcp.call('list_conversations', { ticket_id: '143' }));
  assert.equal(thread.total, 2);
  assert.equal(thread.note, null);
  assert.equal(thread.nextOffset, null);
  const [first, second] = thread.conversations;
  assert.equal(first.format, 'text');
  assert.doesNotMatch(first.body, /<[a-z]+[^>]*>/i, 'text bodies carry no tags');
  assert.deepEqual(
    second.attachments.map((a: { attachmentId: string; fileName: string }) => [a.attachmentId, a.fileName]),
    [['2.1', 'Aadhaar.png']],
  );
  const html = structured(await mcp.call('list_conversations', { ticket_id: '143', format: 'html', limit: 1 }));
  assert.equal(html.conversations[0].format, 'html');
  assert.match(html.conversations[0].body, /<[a-z]+[^>]*>/i);
  assert.equal(html.nextOffset, 1);
  assert.match(html.note, /offset: 1/);

  // A write tool is refused with a reason, and the refusal is audited.
  const refused = await mcp.call('add_internal_note', { ticket_id: '143', text: 'hello' });
  assert.equal(refused.isError, true);
  assert.match(resultText(refused), /REFUSED: .*--allow-writes/);
  const download = await mcp.call('download_attachment', { ticket_id: '143', attachment_id: '2.1' });
  assert.match(resultText(download), /REFUSED: .*--download-dir/);
  const auditFile = join(env.DESKWIRE_CONFIG_DIR as string, 'mcp-audit.jsonl');
  const audit = (await readFile(auditFile, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    audit.map((e) => [e.tool, e.outcome, e.profile, e.vendor]),
    [
      ['add_internal_note', 'refused', 'demo', 'leadsquared'],
      ['download_attachment', 'refused', 'demo', 'leadsquared'],
    ],
  );
  assert.equal((await stat(auditFile)).mode & 0o777, 0o600);

  // A vendor error is a tool error with the vendor's message; the server keeps serving.
  const missing = await mcp.call('get_ticket', { id: '99999' });
  assert.equal(missing.isError, true);
  assert.match(resultText(missing), /^NOT_FOUND: .*Ticket '99999' does not exist/);
  const invalid = await mcp.call('get_ticket', { id: '' });
  assert.equal(invalid.isError, true);
  assert.equal(structured(await mcp.call('get_ticket', { id: '143' })).key, '#143');

  // The resource: Markdown, then JSON.
  const resource = await mcp.client.readResource({ uri: 'ticket://143' });
  const [markdown, json] = resource.contents as { mimeType: string; text: string }[];
  assert.equal(markdown?.mimeType, 'text/markdown');
  assert.match(markdown?.text ?? '', /^# Update Email Id/);
  assert.match(markdown?.text ?? '', /attachment 2\.1: Aadhaar\.png/);
  assert.equal(json?.mimeType, 'application/json');
  assert.equal(JSON.parse(json?.text ?? '{}').thread.total, 2);
  const templates = await mcp.client.listResourceTemplates();
  assert.deepEqual(
    templates.resourceTemplates.map((r) => r.uriTemplate),
    ['ticket://{id}'],
  );

  // The prompt.
  const { prompts } = await mcp.client.listPrompts();
  assert.deepEqual(
    prompts.map((p) => [p.name, p.arguments?.map((a) => a.name)]),
    [['summarize_ticket', ['ticket_id']]],
  );
  const prompt = await mcp.client.getPrompt({ name: 'summarize_ticket', arguments: { ticket_id: '143' } });
  const [message] = prompt.messages;
  assert.equal(message?.role, 'user');
  const promptText = message?.content.type === 'text' ? message.content.text : '';
  assert.match(promptText, /Summarise support ticket #143/);
  assert.match(promptText, /Update Email Id/);

  assert.match(mcp.stderr(), /serving leadsquared at .* \(profile demo\) on stdio/);
  // stdout carried nothing but protocol messages.
  assert.deepEqual(mcp.errors, []);
});

test('--allow-writes: notes, create, update, downloads inside --download-dir, truncation, and the audit file', async (t) => {
  const f = await fixture(t);
  const { url, env } = await demoProfile(f);
  const files = join(f.dataDir, 'downloads');
  const auditFile = join(f.dataDir, 'audit', 'calls.jsonl');
  const mcp = await startMcp(
    ['--profile', 'demo', '--allow-writes', '--download-dir', files, '--audit-file', auditFile],
    env,
  );
  t.after(() => mcp.close());
  const lsq = new LeadSquaredClient({ host: url, orgId: 22824, accessKey: DEMO_ACCESS, secretKey: DEMO_SECRET });

  const { tools } = await mcp.client.listTools();
  assert.deepEqual(
    tools.map((tool) => tool.name).sort(),
    [
      ...READ_TOOLS,
      'add_internal_note',
      'create_ticket',
      'update_ticket',
      'download_attachment',
      'reply_to_customer',
    ].sort(),
  );
  assert.equal(tools.find((tool) => tool.name === 'create_ticket')?.annotations?.readOnlyHint, false);

  // A note through MCP, read back through the Kapture dialect of the same server (LeadSquared's L5 lists no notes).
  const note = structured(await mcp.call('add_internal_note', { ticket_id: '143', text: 'Customer called back' }));
  assert.equal(note.ticketId, '143');
  const token = await runWith([
    'token',
    'create',
    '--org-id',
    '22824',
    '--api',
    'get',
    '--data-dir',
    f.dataDir,
    '--json',
  ]);
  assert.equal(token.code, 0, token.stderr);
  const kapture = new KaptureClient({ host: url, tokens: { get: JSON.parse(token.stdout).token } });
  const kaptureThread = await kapture.tickets.listConversations(DEMO_KAPTURE_ID);
  assert.ok(kaptureThread.some((c) => c.kind === 'note' && c.body.text === 'Customer called back'));

  // create, then update; both checked with the LeadSquared API.
  const created = structured(
    await mcp.call('create_ticket', {
      title: 'Follow-up: refund',
      description: 'Opened by the agent',
      requester: { email: 'wim@example.com', name: 'Wim' },
      fields: { Status: 'Open' },
    }),
  );
  assert.match(created.key, /^#/);
  assert.equal((await lsq.tickets.getTicket(created.id)).title, 'Follow-up: refund');
  // A long description is cut, with the argument that returns it whole.
  const longDescription = `${'Refund the duplicate charge. '.repeat(180)}END`;
  const longOne = structured(
    await mcp.call('create_ticket', {
      title: 'Long',
      description: longDescription,
      requester: { email: 'wim@example.com' },
    }),
  );
  const cutTicket = await mcp.call('get_ticket', { id: longOne.id });
  assert.equal(structured(cutTicket).description.length, 4000);
  assert.deepEqual(structured(cutTicket).descriptionTruncated, {
    shownChars: 4000,
    totalChars: longDescription.length,
  });
  assert.match(resultText(cutTicket), new RegExp(`description_max_chars: ${longDescription.length}`));
  const fullTicket = structured(
    await mcp.call('get_ticket', { id: longOne.id, description_max_chars: longDescription.length }),
  );
  assert.equal(fullTicket.description, longDescription);
  assert.equal(fullTicket.descriptionTruncated, null);

  const updated = await mcp.call('update_ticket', { ticket_id: created.id, status: 'On Hold', priority: 'High' });
  assert.equal(structured(updated).id, created.id);
  const reread = await lsq.tickets.getTicket(created.id);
  assert.equal(reread.rawStatus, 'On Hold');
  assert.equal(reread.priority, 'High');
  const empty = await mcp.call('update_ticket', { ticket_id: created.id });
  assert.match(resultText(empty), /^VALIDATION: nothing to change/);
  const badStatus = await mcp.call('update_ticket', { ticket_id: created.id, status: 'Nonsense' });
  assert.equal(badStatus.isError, true);
  assert.match(resultText(badStatus), /^VALIDATION: /);

  // A long thread: a page with a note naming the next offset, a cut message with the call that reads it whole.
  const long = `${'The parcel never arrived. '.repeat(200)}END`;
  for (const text of ['First question', long]) {
    const added = await runWith([
      'conversation',
      'add',
      '--org-id',
      '22824',
      '--ticket',
      created.id,
      '--type',
      'InboundEmail',
      '--text',
      text,
      '--data-dir',
      f.dataDir,
    ]);
    assert.equal(added.code, 0, added.stderr);
  }
  const page = structured(await mcp.call('list_conversations', { ticket_id: created.id, limit: 1 }));
  assert.equal(page.total, 2);
  assert.equal(page.nextOffset, 1);
  assert.match(page.note, new RegExp(`list_conversations with ticket_id "${created.id}", offset: 1`));
  const cutPage = structured(await mcp.call('list_conversations', { ticket_id: created.id, offset: 1 }));
  const [cutMessage] = cutPage.conversations;
  assert.equal(cutMessage.body.length, 2000);
  assert.deepEqual(cutMessage.bodyTruncated, { shownChars: 2000, totalChars: long.length });
  assert.match(cutPage.note, new RegExp(`offset: 1, limit: 1, max_chars: ${long.length}`));
  const whole = structured(
    await mcp.call('list_conversations', { ticket_id: created.id, offset: 1, limit: 1, max_chars: long.length }),
  );
  assert.equal(whole.conversations[0].body, long);
  assert.equal(whole.note, null);

  // Downloads: into the folder, never out of it.
  const saved = structured(await mcp.call('download_attachment', { ticket_id: '143', attachment_id: '2.1' }));
  assert.equal(saved.fileName, 'Aadhaar.png');
  assert.equal(saved.path, join(await realpath(files), 'Aadhaar.png'));
  assert.equal((await stat(saved.path)).size, saved.size);
  const renamed = structured(
    await mcp.call('download_attachment', { ticket_id: '143', attachment_id: '2.1', save_as: 'id-card.png' }),
  );
  assert.equal((await readFile(renamed.path)).length, saved.size);
  for (const save_as of ['../escape.png', '/tmp/escape.png', '..', 'sub/x.png', 'id-card.png']) {
    const refusedSave = await mcp.call('download_attachment', { ticket_id: '143', attachment_id: '2.1', save_as });
    assert.equal(refusedSave.isError, true, save_as);
    assert.match(resultText(refusedSave), /^REFUSED: /, save_as);
  }
  assert.deepEqual((await readdir(files)).sort(), ['Aadhaar.png', 'id-card.png']);
  await assert.rejects(stat(join(f.dataDir, 'escape.png')));
  const noSuchFile = await mcp.call('download_attachment', { ticket_id: '143', attachment_id: '9.1' });
  assert.match(resultText(noSuchFile), /^NOT_FOUND: /);

  // The audit file: one line per write-tool call, mode 0600, no key anywhere.
  const auditText = await readFile(auditFile, 'utf8');
  assert.equal((await stat(auditFile)).mode & 0o777, 0o600);
  assert.ok(!auditText.includes(DEMO_SECRET) && !auditText.includes(DEMO_ACCESS));
  const lines = auditText
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((e) => [e.tool, e.outcome]),
    [
      ['add_internal_note', 'ok'],
      ['create_ticket', 'ok'],
      ['create_ticket', 'ok'],
      ['update_ticket', 'ok'],
      ['update_ticket', 'error'],
      ['update_ticket', 'error'],
      ['download_attachment', 'ok'],
      ['download_attachment', 'ok'],
      ['download_attachment', 'refused'],
      ['download_attachment', 'refused'],
      ['download_attachment', 'refused'],
      ['download_attachment', 'refused'],
      ['download_attachment', 'refused'],
      ['download_attachment', 'error'],
    ],
  );
  for (const entry of lines) {
    assert.equal(entry.profile, 'demo');
    assert.equal(entry.vendor, 'leadsquared');
    assert.ok(!Number.isNaN(Date.parse(entry.time)));
  }
  assert.deepEqual(lines[0].arguments, { ticket_id: '143', text: 'Customer called back' });
  assert.deepEqual(lines[0].result, { ticketId: '143' });
  assert.deepEqual(lines[1].result, { ticketId: created.id });
  assert.equal(lines[5].error.code, 'VALIDATION');
  assert.equal(lines[8].arguments.save_as, '../escape.png');
});

test('--tools allowlist, usage errors, and an auth error that leaves the server serving', async (t) => {
  const f = await fixture(t);
  const { env } = await demoProfile(f);
  const only = await startMcp(['--tools', 'get_ticket,add_internal_note', '--allow-writes'], env);
  t.after(() => only.close());
  assert.deepEqual((await only.client.listTools()).tools.map((tool) => tool.name).sort(), [
    'add_internal_note',
    'get_ticket',
  ]);
  const outside = await only.call('list_conversations', { ticket_id: '143' });
  assert.match(resultText(outside), /^REFUSED: list_conversations is not offered by this server/);

  for (const args of [
    ['--tools', 'get_ticket,nope'],
    ['--tools', 'add_internal_note'],
    ['--tools', 'download_attachment'],
  ]) {
    const run = await runWith(['mcp', ...args], { env });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
  }

  // Wrong secret (the environment beats the profile): AUTH as a tool error, then the server still answers.
  const wrong = await startMcp([], { ...env, DESKWIRE_SECRET_KEY: 'wrong-secret' });
  t.after(() => wrong.close());
  for (let i = 0; i < 2; i++) {
    const denied = await wrong.call('get_ticket', { id: '143' });
    assert.equal(denied.isError, true);
    assert.match(resultText(denied), /^AUTH: /);
    assert.ok(!resultText(denied).includes('wrong-secret'));
  }
  assert.equal((await wrong.client.listTools()).tools.length, 4);
});
