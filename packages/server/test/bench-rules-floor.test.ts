// The rules floor (bench/lib/rules-floor-server.ts) is a yardstick: issue 14's goals are read against it, so it
// must really do the work it is said to do. A floor that skipped the secret's check or the version read would
// run faster than any honest server and make the goal look nearer than it is. Each refusal here fails if a
// check is dropped; no timing is asserted.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { ServerChild } from '../../../bench/lib/child.js';
import { type BenchData, createBenchData, ORG, SEED_TICKET } from '../../../bench/lib/fixture.js';
import { startRulesFloor } from '../../../bench/lib/rules-floor-server.js';

describe('bench rules floor (SQLite)', () => {
  let data: BenchData;
  let floor: ServerChild;
  let dir: string;
  const body = Buffer.from('{"Id":"143"}');
  const get = (path: string, headers: Record<string, string>) => fetch(`${floor.url}${path}`, { headers });
  const ticket = (number: number) => `/api/tenants/${ORG}/tickets/${number}`;

  before(async () => {
    data = await createBenchData();
    dir = await mkdtemp(join(tmpdir(), 'deskwire-floor-test-'));
    await writeFile(join(dir, 'body'), body);
    floor = await startRulesFloor(
      200,
      'application/json; charset=utf-8',
      join(dir, 'body'),
      join(data.dataDir, 'deskwire.db'),
    );
  });
  after(async () => {
    await floor?.stop();
    await data?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  test('the right key pair reads the captured bytes with the rate-limit headers, counting each call', async () => {
    const first = await get(ticket(SEED_TICKET), data.lsqHeaders);
    assert.equal(first.status, 200);
    assert.deepEqual(Buffer.from(await first.arrayBuffer()), body);
    assert.equal(first.headers.get('content-type'), 'application/json; charset=utf-8');
    const remaining = Number(first.headers.get('ratelimit-remaining'));
    const second = await get(ticket(SEED_TICKET), data.lsqHeaders);
    await second.arrayBuffer();
    assert.equal(Number(second.headers.get('ratelimit-remaining')), remaining - 1);
  });

  test('a wrong secret, a missing one, an unknown key and another tenant are refused', async () => {
    const wrongSecret = { ...data.lsqHeaders, 'x-lsq-secret-key': 'not-the-secret' };
    assert.equal((await get(ticket(SEED_TICKET), wrongSecret)).status, 401);
    const unknownKey = { ...data.lsqHeaders, 'x-lsq-access-key': 'u$rnobody' };
    assert.equal((await get(ticket(SEED_TICKET), unknownKey)).status, 401);
    const { 'x-lsq-access-key': access } = data.lsqHeaders;
    assert.equal((await get(ticket(SEED_TICKET), { 'x-lsq-access-key': access ?? '' })).status, 404);
    assert.equal((await get(`/api/tenants/${ORG + 1}/tickets/${SEED_TICKET}`, data.lsqHeaders)).status, 401);
  });

  test('each read asks the store: a ticket that does not exist, or was trashed since, is not answered', async () => {
    assert.equal((await get(ticket(999_999), data.lsqHeaders)).status, 404);
    // Another writer on the same file, as an admin command or a second process would be.
    const db = new Database(join(data.dataDir, 'deskwire.db'));
    try {
      db.prepare('update tickets set deleted_at = ? where org_id = ? and number = ?').run(
        new Date().toISOString(),
        ORG,
        SEED_TICKET,
      );
    } finally {
      db.close();
    }
    assert.equal((await get(ticket(SEED_TICKET), data.lsqHeaders)).status, 404);
  });
});
