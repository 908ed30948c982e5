import assert from 'node:assert/strict';
import { test } from 'node:test';
// Internal modules of the built CLI (the package exports no library entry point).
import { htmlToText } from '../dist/mcp/html-to-text.js';
import { toolPolicy } from '../dist/mcp/tool-policy.js';
import { cut } from '../dist/mcp/truncate.js';

test('htmlToText: blocks become lines, entities decode after tags go, scripts vanish', () => {
  const html =
    '<html><head><style>p{color:red}</style></head><body><p>Hi&nbsp;Wim,</p><div>Line one<br>Line two</div>' +
    '<ul><li>first</li><li>second</li></ul><script>alert(1)</script>' +
    '<p>See <a href="https://example.com/t/1">the ticket</a> &amp; &lt;b&gt;not bold&lt;/b&gt;</p><!-- hidden --></body></html>';
  assert.equal(
    htmlToText(html),
    'Hi Wim,\n\nLine one\nLine two\n\n- first\n- second\n\nSee the ticket (https://example.com/t/1) & <b>not bold</b>',
  );
  assert.equal(htmlToText('plain &quot;text&quot;'), 'plain "text"');
});

test('cut: keeps short text, never splits a surrogate pair', () => {
  assert.deepEqual(cut('short', 10), { text: 'short', totalChars: null });
  assert.deepEqual(cut('abcdef', 3), { text: 'abc', totalChars: 6 });
  const emoji = 'ab😀cd';
  assert.deepEqual(cut(emoji, 3), { text: 'ab', totalChars: emoji.length });
});

test('toolPolicy: read-only by default, and an allowlist that asks for more than the flags allow is an error', () => {
  const readOnly = toolPolicy({ allowWrites: false, tools: undefined, downloadDir: null, vendor: 'leadsquared' });
  assert.deepEqual([...readOnly.enabled], ['get_ticket', 'get_tickets', 'search_tickets', 'list_conversations']);
  assert.match(readOnly.refusals.get('create_ticket') ?? '', /--allow-writes/);
  assert.match(readOnly.refusals.get('download_attachment') ?? '', /--download-dir/);
  const all = toolPolicy({ allowWrites: true, tools: undefined, downloadDir: '/tmp/x', vendor: 'leadsquared' });
  assert.equal(all.enabled.size, 9);
  assert.equal(all.refusals.size, 0);
  // Replies go to a Deskwire server's own endpoint: never offered over a Kapture connection.
  const kapture = toolPolicy({ allowWrites: true, tools: undefined, downloadDir: '/tmp/x', vendor: 'kapture' });
  assert.equal(kapture.enabled.has('reply_to_customer'), false);
  assert.match(kapture.refusals.get('reply_to_customer') ?? '', /LeadSquared connection to a Deskwire server/);
  assert.throws(
    () => toolPolicy({ allowWrites: true, tools: ['reply_to_customer'], downloadDir: null, vendor: 'kapture' }),
    /reply_to_customer, which needs a LeadSquared connection/,
  );
  const some = toolPolicy({ allowWrites: true, tools: ['get_ticket'], downloadDir: null, vendor: 'leadsquared' });
  assert.deepEqual([...some.enabled], ['get_ticket']);
  assert.match(some.refusals.get('update_ticket') ?? '', /allowlist/);
  assert.throws(
    () => toolPolicy({ allowWrites: false, tools: ['get_ticket', 'nope'], downloadDir: null, vendor: 'leadsquared' }),
    /unknown tool nope/,
  );
  assert.throws(
    () => toolPolicy({ allowWrites: false, tools: ['add_internal_note'], downloadDir: null, vendor: 'leadsquared' }),
    /--allow-writes/,
  );
  assert.throws(
    () => toolPolicy({ allowWrites: true, tools: ['download_attachment'], downloadDir: null, vendor: 'leadsquared' }),
    /--download-dir/,
  );
});
