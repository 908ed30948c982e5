// What another tenant's fault rules cost a call, with the sandbox's rules in Redis (several instances). Every
// vendor call asks the rule store which rule fires (`pick`); this times that for tenant B while tenant A holds the
// most a tenant may add through /api/v1 (50 rules of up to 64 KiB each, MAX_TENANT_FAULT_RULES), against the
// same calls with A holding none, in alternating rounds of one run. A ratio near 1 means A's rules cost B nothing.
// Run: npm run build && node --import tsx bench/sandbox-fault-scopes.ts
// Env: BENCH_REDIS_URL (redis://127.0.0.1:6379), PICKS (1000 per round), ROUNDS (5).
import { randomUUID } from 'node:crypto';
import { RedisFaultRuleStore } from '@deskwire/server';
import { Redis } from 'ioredis';
import { median } from './lib/stats.js';

const url = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const picks = Number(process.env.PICKS ?? 1000);
const rounds = Number(process.env.ROUNDS ?? 5);
const TENANT_A = 1001;
const TENANT_B = 1002;
/** The largest body a tenant's rule may carry stays under its 64 KiB of JSON (MAX_TENANT_FAULT_RULE_BYTES). */
const BODY = { Message: 'x'.repeat(60 * 1024) };

const client = new Redis(url, { maxRetriesPerRequest: 1 });
const prefix = `deskwire-bench-${randomUUID()}:`;
try {
  const store = new RedisFaultRuleStore({ client, prefix });
  // B's own rule never matches the calls timed, so every pick reads all it may read and answers none.
  await store.add({ orgId: TENANT_B, operation: 'kapture.*', respond: { status: 503 } });
  const timePicks = async (): Promise<number> => {
    const started = performance.now();
    for (let i = 0; i < picks; i++) await store.pick({ orgId: TENANT_B, operation: 'lsq.getTicket' });
    return ((performance.now() - started) * 1000) / picks;
  };
  const quiet: number[] = [];
  const loaded: number[] = [];
  await timePicks(); // warm-up: connection, scripts loaded
  const fillA = async () => {
    for (let i = 0; i < 50; i++) {
      await store.add({ orgId: TENANT_A, operation: 'lsq.*', respond: { status: 503, body: BODY } });
    }
  };
  // Which case goes first alternates by round, so neither always runs on a warmer process.
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      quiet.push(await timePicks());
      await fillA();
      loaded.push(await timePicks());
    } else {
      await fillA();
      loaded.push(await timePicks());
      await store.clear(TENANT_A);
      quiet.push(await timePicks());
    }
    await store.clear(TENANT_A);
  }
  const q = median(quiet);
  const l = median(loaded);
  console.log(`pick for tenant B, median of ${rounds} rounds of ${picks} (Redis ${url}):`);
  console.log(`  A holds no rules:              ${q.toFixed(0)} µs`);
  console.log(`  A holds 50 rules of ~60 KiB:   ${l.toFixed(0)} µs`);
  console.log(`  ratio (A's rules / none):      ${(l / q).toFixed(2)}×`);
} finally {
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(...keys);
  client.disconnect();
}
