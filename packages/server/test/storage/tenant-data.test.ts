import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  addActivity,
  addCustomField,
  createTenant,
  createTicket,
  type Deskwire,
  deleteTenant,
  openDeskwire,
  resetTenant,
  TENANT_ACCESS_TABLES,
  TENANT_CONFIG_TABLES,
  TICKET_DATA_TABLES,
  updateTicket,
} from '@deskwire/server';
import SQLite from 'better-sqlite3';

const A = 8101;
const B = 8102;
const GROUPS: readonly string[] = [...TICKET_DATA_TABLES, ...TENANT_CONFIG_TABLES, ...TENANT_ACCESS_TABLES];

describe('tenant data: what a reset and a tenant deletion remove', () => {
  let dir: string;
  let deskwire: Deskwire;
  let db: SQLite.Database;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskwire-tenant-data-'));
    deskwire = await openDeskwire({ dataDir: dir });
    db = new SQLite(join(dir, 'deskwire.db'), { readonly: true });
  });
  after(async () => {
    db.close();
    await deskwire.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Rows per per-tenant table for one org. */
  const rowsOf = (orgId: number) =>
    Object.fromEntries(
      tenantTables().map((t) => [
        t,
        (db.prepare(`SELECT count(*) AS n FROM "${t}" WHERE org_id = ?`).get(orgId) as { n: number }).n,
      ]),
    );
  const tenantTables = () =>
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>)
      .map((r) => r.name)
      .filter((t) =>
        (db.prepare(`PRAGMA table_info("${t}")`).all() as Array<{ name: string }>).some((c) => c.name === 'org_id'),
      );

  async function populate(orgId: number) {
    const { admin } = await createTenant({ orgId, name: `Org ${orgId}` }, deskwire);
    await addCustomField({ orgId, name: 'Region', dataType: 'Text' }, deskwire);
    const { ticket } = await createTicket(
      {
        orgId,
        actor: admin,
        typeId: 1,
        lead: { details: { EmailAddress: `a${orgId}@example.com` } },
        fields: [{ schemaName: 'Title', value: 'T' }],
      },
      deskwire,
    );
    const put = await deskwire.blobs.put(Readable.from([Buffer.from(`file of ${orgId}`)]));
    const files = [{ fileName: 'a.txt', contentType: 'text/plain', ...put }];
    await addActivity(
      { orgId, ticket: { id: ticket.id }, type: 'InboundEmail', text: 'Hi', createdBy: 'x', files },
      deskwire,
    );
    await updateTicket(
      { orgId, actor: admin, ticket: { id: ticket.id }, fields: [{ schemaName: 'Title', value: 'T2' }] },
      deskwire,
    );
  }

  test('every table with an org_id column is in exactly one group (reset data, config, access)', () => {
    const unclassified = tenantTables().filter((t) => !GROUPS.includes(t));
    assert.deepEqual(
      unclassified,
      [],
      'classify these in storage/tenant-data-repository.ts, or a reset leaves their rows behind',
    );
    assert.equal(new Set(GROUPS).size, GROUPS.length, 'no table is in two groups');
  });

  test('resetTenant empties the ticket tables of one org only, restores config, keeps access', async () => {
    await populate(A);
    await populate(B);
    const aBefore = rowsOf(A);
    const bBefore = rowsOf(B);
    for (const t of ['ticket_history', 'attachments', 'activities', 'tickets', 'leads']) {
      assert.ok((aBefore[t] ?? 0) > 0, `the fixture fills ${t}`);
    }

    await resetTenant({ orgId: A }, deskwire);
    const aAfter = rowsOf(A);
    for (const t of TICKET_DATA_TABLES) assert.equal(aAfter[t], 0, t);
    assert.equal(
      aAfter.ticket_fields,
      (aBefore.ticket_fields ?? 0) - 1,
      'the custom field is gone, the defaults are back',
    );
    for (const t of TENANT_ACCESS_TABLES) assert.equal(aAfter[t], aBefore[t], t);
    assert.deepEqual(rowsOf(B), bBefore, 'the other tenant is untouched');
    const values = db
      .prepare(
        'SELECT count(*) AS n FROM ticket_field_values v JOIN tickets t ON t.id = v.ticket_id WHERE t.org_id = ?',
      )
      .get(B) as { n: number };
    assert.ok(values.n > 0, 'the other tenant keeps its field values');
  });

  test('deleteTenant leaves no row of the org in any per-tenant table', async () => {
    await deleteTenant({ orgId: B }, deskwire);
    for (const [table, n] of Object.entries(rowsOf(B))) assert.equal(n, 0, table);
    const orphans = db
      .prepare('SELECT count(*) AS n FROM ticket_field_values WHERE ticket_id NOT IN (SELECT id FROM tickets)')
      .get() as {
      n: number;
    };
    assert.equal(orphans.n, 0);
    await assert.rejects(resetTenant({ orgId: B }, deskwire), { code: 'TenantNotFound' });
  });
});
