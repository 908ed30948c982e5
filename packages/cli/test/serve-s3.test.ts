import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { S3RVER_CREDENTIALS, startS3Server } from '../../../test-support/s3-server.js';
import { fixture } from './helpers/fixture.js';
import { runWith } from './helpers/run-cli-env.js';

const DEMO = {
  DESKWIRE_VENDOR: 'leadsquared',
  DESKWIRE_ORG_ID: '22824',
  DESKWIRE_ACCESS_KEY: 'u$rdeskwire-demo-22824',
  DESKWIRE_SECRET_KEY: 'deskwire-demo-secret-not-for-production',
};

test('serve --s3-*: attachments live in the bucket and `attachment download` fetches them by pre-signed URL', async (t) => {
  const s3 = await startS3Server();
  t.after(() => s3.close());
  // Credentials only through the SDK's standard variables (the serve child inherits AWS_*, never a flag).
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
  t.after(() => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });
  const f = await fixture(t);
  const args = ['--demo', '--s3-bucket', s3.bucket, '--s3-endpoint', s3.endpoint, '--s3-force-path-style'];
  const server = await f.serve(...args, '--s3-prefix', 'cli');
  const keys = await s3.keys('cli/sha256/');
  assert.equal(keys.length, 1, 'the demo attachment was stored in the bucket');
  const hash = keys[0]?.split('/').pop() ?? '';

  const env = { ...DEMO, DESKWIRE_HOST: server.url };
  const listed = await runWith(['conversations', '143', '--json'], { env });
  assert.equal(listed.code, 0, listed.stderr);
  assert.ok(listed.stdout.includes(`${s3.endpoint}/${s3.bucket}/cli/sha256/${hash}?`), 'URLs point at the store');

  const out = join(f.dataDir, 'downloads');
  const download = await runWith(['attachment', 'download', '143', '--out', out, '--json'], { env });
  assert.equal(download.code, 0, download.stderr);
  const [saved] = JSON.parse(download.stdout);
  const bytes = await readFile(join(out, saved.file));
  assert.equal(createHash('sha256').update(bytes).digest('hex'), hash);
  // Neither the server's log nor the CLI's output carries a signature or a credential.
  for (const text of [server.stderr(), download.stdout, download.stderr]) {
    assert.doesNotMatch(text, /X-Amz-Signature=[0-9a-f]|S3RVER/);
  }
  await server.kill();
});

test('serve refuses --s3-* options without a bucket (exit 2)', async (t) => {
  const f = await fixture(t);
  const result = await runWith(['serve', '--data-dir', f.dataDir, '--port', '0', '--s3-endpoint', 'http://x']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /--s3-bucket/);
});

test('admin commands honour DESKWIRE_S3_*: `conversation add --attach` stores the file where the server reads it', async (t) => {
  const s3 = await startS3Server();
  t.after(() => s3.close());
  process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
  t.after(() => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });
  const f = await fixture(t);
  // Clients fetch from `localhost`, the server talks to `127.0.0.1`: two names for one store.
  const publicEndpoint = s3.endpoint.replace('127.0.0.1', 'localhost');
  const s3Env = {
    DESKWIRE_S3_BUCKET: s3.bucket,
    DESKWIRE_S3_ENDPOINT: s3.endpoint,
    DESKWIRE_S3_PUBLIC_ENDPOINT: publicEndpoint,
    DESKWIRE_S3_FORCE_PATH_STYLE: 'true',
    DESKWIRE_S3_PREFIX: 'admin',
  };
  const server = await f.serve(
    '--demo',
    '--s3-bucket',
    s3.bucket,
    '--s3-endpoint',
    s3.endpoint,
    '--s3-prefix',
    'admin',
    '--s3-force-path-style',
    '--s3-public-endpoint',
    publicEndpoint,
  );
  const file = join(f.dataDir, 'receipt.txt');
  const content = `receipt ${Date.now()}`;
  await writeFile(file, content);
  const added = await runWith(
    [
      'conversation',
      'add',
      '--data-dir',
      f.dataDir,
      '--org-id',
      '22824',
      '--ticket',
      '143',
      '--type',
      'InboundEmail',
      '--text',
      'see attached',
      '--attach',
      file,
      '--json',
    ],
    { env: s3Env },
  );
  assert.equal(added.code, 0, added.stderr);
  const hash = createHash('sha256').update(content).digest('hex');
  assert.ok(
    (await s3.keys('admin/sha256/')).some((key) => key.endsWith(hash)),
    'the admin command wrote to the bucket',
  );

  const listed = await runWith(['conversations', '143', '--json'], { env: { ...DEMO, DESKWIRE_HOST: server.url } });
  assert.equal(listed.code, 0, listed.stderr);
  const url = new RegExp(`${publicEndpoint.replace(/[.:/]/g, '\\$&')}/${s3.bucket}/admin/sha256/${hash}\\?[^"]+`).exec(
    listed.stdout,
  )?.[0];
  assert.ok(url, 'the attachment is served by a URL signed for the public endpoint');
  const response = await fetch(url.replaceAll('\\u0026', '&'));
  assert.equal(await response.text(), content);
  await server.kill();
});
