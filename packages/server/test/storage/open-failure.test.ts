import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDeskwire } from '@deskwire/server';
import pg from 'pg';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from './postgres-test-schema.js';

test('openDeskwire that fails after connecting (a bad S3 option) closes its PostgreSQL pool', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-open-failure-'));
  const tag = freshSchemaName('dw_open_fail');
  t.after(async () => {
    await dropSchema(tag);
    await rm(dataDir, { recursive: true, force: true });
  });
  const databaseUrl = `${TEST_POSTGRES_URL}?schema=${tag}&application_name=${tag}`;
  await assert.rejects(openDeskwire({ dataDir, databaseUrl, s3: { bucket: '' } }), /bucket is required/);
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where application_name = $1',
      [tag],
    );
    assert.equal(Number(rows[0]?.n), 0, 'the failed open left connections behind');
  } finally {
    await admin.end();
  }
});
