import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SqliteAdapter, Storage } from '@deskwire/server';
import SQLite from 'better-sqlite3';
import { testTenant } from './test-tenant.js';

// The webhook dispatcher runs a round after every commit (events/events-surface.ts); a round with nothing due
// reads that and stops, without the write lock its claiming UPDATE takes (storage/webhook-repository.ts).
describe('sqlite: a webhook round with nothing due', () => {
  let dir: string;
  let storage: Storage;
  let other: SQLite.Database;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskwire-claim-'));
    const filename = join(dir, 'test.db');
    storage = await Storage.open(new SqliteAdapter({ filename, busyTimeoutMs: 300 }));
    other = new SQLite(filename);
  });
  after(async () => {
    other.close();
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  const claimWhileLocked = async () => {
    other.exec('begin immediate');
    try {
      const now = new Date();
      return await storage.webhooks.claimDue('instance-a', now, new Date(now.getTime() + 60_000), 32);
    } finally {
      other.exec('commit');
    }
  };

  test('takes no write lock: it answers at once while another process holds it', async () => {
    assert.deepEqual(await claimWhileLocked(), []);
  });

  test("nor with pending deliveries that cannot be claimed: a disabled endpoint's backlog", async () => {
    await storage.tenants.create(testTenant(7));
    const endpointId = randomUUID();
    await storage.webhooks.createEndpoint({
      id: endpointId,
      orgId: 7,
      url: 'https://hooks.example.com/deskwire',
      events: [],
      description: 'gave up',
      secret: 'whsec_test',
      enabled: false,
      disabledReason: 'failing for 24 hours',
      createdAt: new Date(),
    });
    // Rows as the dispatcher leaves them, written raw (their events are beside the point; foreign keys off here).
    other.pragma('foreign_keys = OFF');
    const insert = other.prepare(
      `insert into webhook_deliveries (id, org_id, endpoint_id, sequence, event_type, ticket_id, status, attempts,
       next_attempt_at, give_up_at) values (?, 7, ?, ?, 'ticket.created', null, 'pending', 3, ?, ?)`,
    );
    for (const sequence of [1, 2]) {
      insert.run(
        randomUUID(),
        endpointId,
        sequence,
        new Date(Date.now() - 60_000).toISOString(),
        new Date().toISOString(),
      );
    }
    assert.deepEqual(await claimWhileLocked(), []);
  });
});
