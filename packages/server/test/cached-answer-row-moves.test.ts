import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { addActivity, createTenant, createTicket } from '@deskwire/server';
import Database from 'better-sqlite3';
import pg from 'pg';
import { auth, startTestServer, type TestServer } from './helpers/test-server.js';
import { TEST_POSTGRES_URL } from './storage/postgres-test-schema.js';

// Cached L5 answers are checked against the ticket's version, which triggers move on every write of the
// rows they show (migration 0016), whoever writes them: here plain SQL behind the server's back moves a
// conversation from one ticket to another, and both tickets' next reads must show it.

let server: TestServer;
before(async () => {
  server = await startTestServer({ logLevel: false });
});
after(() => server.close());

/** Runs one statement on the server's store as another process would. */
async function runSql(text: string, values: unknown[]): Promise<void> {
  if (server.schema === undefined) {
    const db = new Database(join(server.dataDir, 'deskwire.db'));
    try {
      db.prepare(text.replace(/\$\d+/g, '?')).run(...values);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, options: `-c search_path=${server.schema}` });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

test('a conversation moved to another ticket leaves neither ticket answering from its old cached bytes', async () => {
  const orgId = 7601;
  const created = await createTenant({ orgId, name: 'Moves' }, server.deskwire);
  const keys = { accessKey: created.accessKey, secretKey: created.secretKey };
  for (const title of ['one', 'two']) {
    await createTicket(
      { orgId, actor: created.admin, typeId: 1, lead: null, fields: [{ schemaName: 'Title', value: title }] },
      server.deskwire,
    );
  }
  await addActivity(
    { orgId, ticket: { number: 1 }, type: 'InboundEmail', text: 'moved later', createdBy: 'test' },
    server.deskwire,
  );
  const l5 = async (number: number) => {
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${orgId}/conversation/filter`,
      headers: auth(keys),
      payload: { TicketId: number, OrgId: orgId, ActivityType: ['InboundEmail'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { ConversationList: Array<{ Text: string }> }).ConversationList.map((c) => c.Text);
  };
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(await l5(1), ['moved later']);
    assert.deepEqual(await l5(2), []);
  }
  await runSql(
    `update activities set ticket_id = (select id from tickets where org_id = $1 and number = 2)
      where org_id = $2 and text = 'moved later'`,
    [orgId, orgId],
  );
  assert.deepEqual(await l5(1), [], 'the ticket it left');
  assert.deepEqual(await l5(2), ['moved later'], 'the ticket it joined');
});
