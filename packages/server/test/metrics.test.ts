import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp, updateTenant } from '@deskwire/server';
import { auth, DEMO_ORG, startTestServer, type TestServer } from './helpers/test-server.js';

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.lastIndexOf('}'));
    const have = inner.split(',');
    if (wanted.every((w) => have.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  let server: TestServer;
  const scrape = async () => {
    const res = await server.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
    return res.body;
  };

  before(async () => {
    server = await startTestServer({ logLevel: false });
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 3, windowMs: 60_000 } } }, server.deskwire);
  });
  after(() => server.close());

  test('counts requests by route template, operation, method and status; times them in a histogram', async () => {
    for (let i = 0; i < 2; i++) {
      const ok = await server.app.inject({
        method: 'GET',
        url: `/api/tenants/${DEMO_ORG}/tickets/143`,
        headers: auth(server.demo),
      });
      assert.equal(ok.statusCode, 200);
    }
    const missing = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets/987654`,
      headers: auth(server.demo),
    });
    assert.equal(missing.statusCode, 404);
    const text = await scrape();
    const route = '/api/tenants/:orgId/tickets/:ticketRef';
    const labels = { route, operation: 'lsq.getTicket', method: 'GET' };
    assert.equal(sample(text, 'deskwire_http_requests_total', { ...labels, status: '200' }), 2);
    assert.equal(sample(text, 'deskwire_http_requests_total', { ...labels, status: '404' }), 1);
    assert.equal(sample(text, 'deskwire_http_request_duration_seconds_count', labels), 3);
    assert.equal(sample(text, 'deskwire_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }), 3);
    assert.ok(sample(text, 'deskwire_http_request_duration_seconds_bucket', { ...labels, le: '0.005' }) !== undefined);
    assert.match(text, /# TYPE deskwire_http_request_duration_seconds histogram/);
    assert.doesNotMatch(text, /987654|tickets\/143/, 'ids in paths never become labels');
  });

  test('counts rate-limit rejections per dialect (and the 429 responses)', async () => {
    const before = sample(await scrape(), 'deskwire_rate_limit_rejections_total', { dialect: 'lsq' }) ?? 0;
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await server.app.inject({
        method: 'GET',
        url: `/api/tenants/${DEMO_ORG}/tickets/143`,
        headers: auth(server.demo),
      });
      statuses.push(res.statusCode);
    }
    assert.ok(statuses.includes(429), `the budget of 3 ran out: ${statuses}`);
    const text = await scrape();
    const rejected = statuses.filter((s) => s === 429).length;
    assert.equal(sample(text, 'deskwire_rate_limit_rejections_total', { dialect: 'lsq' }), before + rejected);
    assert.equal(
      sample(text, 'deskwire_http_requests_total', { operation: 'lsq.getTicket', status: '429' }),
      before + rejected,
    );
  });

  test('unmatched paths share one label; process metrics are there; SQLite reports no pool gauges', async () => {
    await server.app.inject({ method: 'GET', url: '/no/such/path/12345' });
    const text = await scrape();
    assert.equal(sample(text, 'deskwire_http_requests_total', { route: '(unmatched)', status: '404' }), 1);
    assert.doesNotMatch(text, /12345/);
    assert.match(text, /^process_cpu_user_seconds_total /m);
    assert.match(text, /^nodejs_heap_size_used_bytes /m);
    if (server.deskwire.storage.poolStats() === undefined) assert.doesNotMatch(text, /deskwire_storage_pool/);
    else assert.match(text, /^deskwire_storage_pool_connections \d+/m);
  });

  test('PostgreSQL counts cached-read checks, alone and shared; SQLite, which shares none, reports none', async () => {
    const checks = (text: string) =>
      (sample(text, 'deskwire_storage_version_checks_total', { way: 'alone' }) ?? 0) +
      (sample(text, 'deskwire_storage_version_checks_total', { way: 'shared' }) ?? 0);
    const before = await scrape();
    await Promise.all(
      Array.from({ length: 30 }, () =>
        server.app.inject({ method: 'GET', url: `/api/tenants/${DEMO_ORG}/tickets/143`, headers: auth(server.demo) }),
      ),
    );
    const text = await scrape();
    assert.equal(
      server.deskwire.storage.configGenerations.shared !== undefined,
      server.deskwire.storage.adapter.name === 'postgres',
    );
    if (server.deskwire.storage.configGenerations.shared === undefined) {
      assert.doesNotMatch(text, /deskwire_storage_version_checks|deskwire_storage_shared_version/);
    } else {
      assert.ok(checks(text) - checks(before) >= 30, 'every GET of one ticket made one check');
      assert.match(text, /^deskwire_storage_shared_version_statements_total \d+/m);
    }
  });

  test('two apps in one process keep separate counts', async () => {
    const other = await startTestServer({ logLevel: false });
    try {
      const res = await other.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(
        sample(res.body, 'deskwire_http_requests_total', { operation: 'lsq.getTicket', status: '200' }),
        undefined,
      );
    } finally {
      await other.close();
    }
  });
});

describe('GET /metrics protection', () => {
  test('without a metrics token: loopback callers only, others 403', async () => {
    const server = await startTestServer({ logLevel: false });
    try {
      const local = await server.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' });
      assert.equal(local.statusCode, 200);
      const remote = await server.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
      assert.equal(remote.statusCode, 403);
      assert.equal(remote.json().ExceptionType, 'Forbidden');
    } finally {
      await server.close();
    }
  });

  test('a metrics token shorter than 16 characters (or with spaces) is refused at startup', async () => {
    const server = await startTestServer({ logLevel: false });
    try {
      for (const metricsToken of ['short', 'has a space in it, long enough']) {
        await assert.rejects(buildApp(server.deskwire, { logLevel: false, metricsToken }), /metrics token/);
      }
    } finally {
      await server.close();
    }
  });

  test('with a metrics token: the bearer token from anywhere, nothing else (loopback included)', async () => {
    const token = 'scrape-token-0123456789';
    const server = await startTestServer({ logLevel: false, metricsToken: token });
    try {
      const get = (headers: Record<string, string>, remoteAddress = '10.1.2.3') =>
        server.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
      assert.equal((await get({ authorization: `Bearer ${token}` })).statusCode, 200);
      const wrong = await get({ authorization: `Bearer ${token}x` });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.headers['www-authenticate'], 'Bearer');
      assert.doesNotMatch(wrong.body, new RegExp(token));
      assert.equal((await get({}, '127.0.0.1')).statusCode, 401);
      assert.equal((await get(auth(server.demo))).statusCode, 401, 'vendor keys do not open it');
    } finally {
      await server.close();
    }
  });
});
