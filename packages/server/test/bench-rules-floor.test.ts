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

let data: BenchData;

describe('bench rules floor (SQLite)', () => {
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
    const limit = Number(first.headers.get('ratelimit-limit'));
    const remaining = Number(first.headers.get('ratelimit-remaining'));
    assert.ok(remaining < limit);
    const second = await get(ticket(SEED_TICKET), data.lsqHeaders);
    await second.arrayBuffer();
    // The bench tenant's window is 1 s: the second call counts in the same one, or opens the next.
    assert.ok([remaining - 1, limit - 1].includes(Number(second.headers.get('ratelimit-remaining'))));
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
    write(
      'update tickets set deleted_at = ? where org_id = ? and number = ?',
      new Date().toISOString(),
      ORG,
      SEED_TICKET,
    );
    assert.equal((await get(ticket(SEED_TICKET), data.lsqHeaders)).status, 404);
    write('update tickets set deleted_at = null where org_id = ? and number = ?', ORG, SEED_TICKET);
    assert.equal((await get(ticket(SEED_TICKET), data.lsqHeaders)).status, 200);
  });

  test("a lowered rate limit and a revoked key hold from the next call (the tenant's generation moved)", async () => {
    write('update tenants set rate_limit_max = 2, rate_limit_window_ms = 60000 where org_id = ?', ORG);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(ticket(SEED_TICKET), data.lsqHeaders)).status);
    // Calls already counted in the current window count too: at most two answers, then refusals.
    assert.equal(statuses.at(-1), 429);
    assert.ok(statuses.filter((status) => status === 200).length <= 2, statuses.join());
    write('update api_keys set revoked_at = ? where org_id = ?', new Date().toISOString(), ORG);
    assert.equal((await get(ticket(SEED_TICKET), data.lsqHeaders)).status, 401);
  });
});

/** Another writer on the same file, as an admin command or a second process would be. */
function write(statement: string, ...params: unknown[]): void {
  const db = new Database(join(data.dataDir, 'deskwire.db'));
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}
