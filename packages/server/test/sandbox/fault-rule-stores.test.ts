import { MemoryFaultRuleStore, RedisFaultRuleStore } from '@deskwire/server';
import { openTestRedis } from '../helpers/test-redis.js';
import { runFaultRuleSuite } from './fault-rule-suite.js';

runFaultRuleSuite('memory', async () => ({
  open: async (options) => {
    const store = new MemoryFaultRuleStore(options);
    return { store, peer: store };
  },
  cleanup: async () => {},
}));

runFaultRuleSuite('redis', async () => {
  const redis = openTestRedis('faults');
  let n = 0;
  return {
    // A fresh key prefix per rule set; `peer` has its own connection, as a second instance would.
    open: async (options) => {
      const prefix = `${redis.prefix}${++n}:`;
      return {
        store: new RedisFaultRuleStore({ client: redis.client, prefix }, options),
        peer: new RedisFaultRuleStore({ client: redis.connect().client, prefix }, options),
      };
    },
    cleanup: redis.cleanup,
  };
});
