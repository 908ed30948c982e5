/**
 * @deskwire/server/sandbox: The sandbox stores behind `/_deskwire`: fault rules and request journals, in memory or in Redis.
 * @module
 */
export type {
  FaultResponse,
  FaultRule,
  FaultRuleInput,
  FaultRuleStore,
  FaultTarget,
} from './sandbox/fault-rules.js';
export { MemoryFaultRuleStore, toFaultRule } from './sandbox/fault-rules.js';
export { SANDBOX_PREFIX } from './sandbox/install-sandbox.js';
export { appliedFaultId } from './sandbox/journal-hook.js';
export { type Latency, MAX_LATENCY_MS, sampleLatency } from './sandbox/latency-distribution.js';
export { RedisFaultRuleStore } from './sandbox/redis-fault-rule-store.js';
export { RedisRequestJournal } from './sandbox/redis-request-journal.js';
export type { JournalEntry, JournalQuery, NewJournalEntry, RequestJournal } from './sandbox/request-journal.js';
export { MemoryRequestJournal } from './sandbox/request-journal.js';
