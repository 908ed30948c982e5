import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DEMO_LEAD, DEMO_ORG, runCli, type ServeProcess, startServe, tempDataDir } from './helpers/run-cli.js';

/**
 * Issue 7's scale-out contract, end to end: two `deskwire serve` processes on one PostgreSQL database and one
 * Redis. Ticket numbers stay consecutive and unique across instances, and a key's rate limit holds across
 * both together (the counters live in Redis, not in either process).
 */
const POSTGRES = process.env.DESKWIRE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.DESKWIRE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_TOKEN = `admin-${randomBytes(8).toString('hex')}`;
// The demo keys `serve --demo` prints (public by design, docs/cli.md).
const DEMO_KEYS = {
  'x-lsq-access-key': 'u$rdeskwire-demo-22824',
  'x-lsq-secret-key': 'deskwire-demo-secret-not-for-production',
};

/** A database of its own on the test server, so this suite never meets another's rows. */
function databaseUrl(name: string): string {
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('two instances on one PostgreSQL and one Redis', () => {
  const database = `deskwire_multi_${randomBytes(6).toString('hex')}`;
  const redisPrefix = `deskwire-test:${randomBytes(6).toString('hex')}:`;
  const instances: ServeProcess[] = [];
  const dirs: Array<{ remove: () => Promise<void> }> = [];

  const setRateLimit = async (max: number, windowMs: number) => {
    const response = await fetch(`${instances[0]?.url}/_deskwire/tenants/${DEMO_ORG}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimit: { max, windowMs } }),
    });
    assert.equal(response.status, 200, await response.text());
  };

  before(async () => {
    await admin(`create database ${database}`);
    const url = databaseUrl(database);
    const migrated = await runCli(['migrate', '--database', url]);
    assert.equal(migrated.code, 0, migrated.stderr);
    // Each instance gets its own (empty) data dir: nothing may be shared through the local disk.
    // The first instance also shows that --database-pool-size bounds its connections (checked via /metrics).
    for (const extra of [['--demo', '--database-pool-size', '3'], []]) {
      const dir = await tempDataDir();
      dirs.push(dir);
      instances.push(
        await startServe([
          '--data-dir',
          dir.dir,
          '--database',
          url,
          '--redis',
          REDIS,
          '--redis-prefix',
          redisPrefix,
          '--admin-token',
          ADMIN_TOKEN,
          '--log-level',
          'warn',
          ...extra,
        ]),
      );
    }
  });

  after(async () => {
    await Promise.all(instances.map((instance) => instance.kill()));
    await Promise.all(dirs.map((dir) => dir.remove()));
    await admin(`drop database if exists ${database} with (force)`);
    const redis = new Redis(REDIS);
    try {
      const keys = await redis.keys(`${redisPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  test('100 concurrent creates across both instances get 100 distinct consecutive ticket numbers', async () => {
    await setRateLimit(1_000_000, 1000);
    const responses = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const instance = instances[i % 2];
        assert.ok(instance);
        const response = await fetch(`${instance.url}/api/tenants/${DEMO_ORG}/tickets`, {
          method: 'POST',
          headers: { ...DEMO_KEYS, 'content-type': 'application/json' },
          body: JSON.stringify({
            TypeId: '1',
            LeadId: DEMO_LEAD,
            Fields: [
              { SchemaName: 'Title', Value: `Concurrent create ${i}` },
              { SchemaName: 'Status', Value: 'Open' },
            ],
            RelatedTicketTypeId: 1,
          }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }),
    );
    for (const response of responses) assert.equal(response.status, 200, JSON.stringify(response.body));
    // L1 answers the new ticket's number as a string `Id` (https://apidocs.leadsquared.com/create-tickets/).
    const numbers = responses.map((response) => Number(response.body.Id)).sort((a, b) => a - b);
    assert.equal(new Set(numbers).size, 100, 'every number distinct');
    const first = numbers[0] ?? Number.NaN;
    assert.deepEqual(
      numbers,
      Array.from({ length: 100 }, (_, i) => first + i),
      'consecutive, with no gaps',
    );
    // 50 concurrent creates went through an instance whose pool holds at most 3 connections.
    const metrics = await (await fetch(`${instances[0]?.url}/metrics`)).text();
    const open = Number(/^deskwire_storage_pool_connections (\d+)/m.exec(metrics)?.[1]);
    assert.ok(open >= 1 && open <= 3, `pool connections: ${open}`);
  });

  test('a change through one instance is seen by the other on its next request (issue 14: cached config)', async () => {
    const patch = async (body: Record<string, unknown>) => {
      const response = await fetch(`${instances[0]?.url}/_deskwire/tenants/${DEMO_ORG}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, await response.text());
    };
    const getOnSecond = async () => {
      const response = await fetch(`${instances[1]?.url}/api/tenants/${DEMO_ORG}/tickets/143`, { headers: DEMO_KEYS });
      return { status: response.status, body: await response.text() };
    };
    await setRateLimit(1_000_000, 1000);
    assert.equal((await getOnSecond()).status, 200, 'warms the second instance');
    await patch({ apiEnabled: false });
    const refused = await getOnSecond();
    assert.equal(refused.status, 403, refused.body);
    assert.match(refused.body, /ApiDisabled/);
    await patch({ apiEnabled: true });
    assert.equal((await getOnSecond()).status, 200);
  });

  test('read-after-write: an L3 update through one instance is in the next L4 read of the other (issue 14: cached answers)', async () => {
    await setRateLimit(1_000_000, 1000);
    const read = async (instance: number) => {
      const response = await fetch(`${instances[instance]?.url}/api/tenants/${DEMO_ORG}/tickets/143`, {
        headers: DEMO_KEYS,
      });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { Fields: Array<{ SchemaName: string; Value: unknown }> };
      return body.Fields.find((f) => f.SchemaName === 'Title')?.Value;
    };
    for (const [writer, reader] of [
      [0, 1],
      [1, 0],
      [0, 1],
    ] as const) {
      await read(reader);
      await read(reader); // the reader now answers #143 from its cache
      const title = `Written by instance ${writer} at ${Date.now()}`;
      const update = await fetch(`${instances[writer]?.url}/api/tenants/${DEMO_ORG}/tickets/143/update`, {
        method: 'PUT',
        headers: { ...DEMO_KEYS, 'content-type': 'application/json' },
        body: JSON.stringify({
          TypeId: '1',
          Id: '143',
          Fields: [{ SchemaName: 'Title', Value: title }],
          RelatedTicketTypeId: 1,
        }),
      });
      assert.equal(update.status, 200, await update.text());
      assert.equal(await read(reader), title, `instance ${reader} reads what instance ${writer} wrote`);
    }
  });

  test('the start-up line names the PostgreSQL server and database, never the credentials', () => {
    const line = instances[0]?.stdout().split('\n')[1] ?? '';
    assert.match(line, new RegExp(`^Deskwire is serving PostgreSQL 127\\.0\\.0\\.1:5432/${database}$`));
  });

  test('a key limited to 25 per 5 s gets exactly 25 accepted across both instances in a window', async () => {
    await setRateLimit(25, 5000);
    // The previous test's calls opened a 1 s window for this key; a new window takes the new budget.
    await delay(1200);
    const statuses = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const instance = instances[i % 2];
        assert.ok(instance);
        const response = await fetch(`${instance.url}/api/tenants/${DEMO_ORG}/tickets/143`, { headers: DEMO_KEYS });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    assert.equal(statuses.filter((status) => status === 200).length, 25, `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.filter((status) => status === 429).length, 35);
  });
});
