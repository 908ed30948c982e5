import type { FastifyInstance } from 'fastify';
import { DEFAULT_JOURNAL_SIZE, type RequestLimits, type ServerOptions } from '../config.js';
import type { Deskwire } from '../deskwire.js';
import type { Surface } from '../http/surface.js';
import type { SharedRedis } from '../redis/redis-connection.js';
import { installFaultHook } from './fault-hook.js';
import { type FaultRuleStore, MemoryFaultRuleStore } from './fault-rules.js';
import { installJournalHook } from './journal-hook.js';
import { RedisFaultRuleStore } from './redis-fault-rule-store.js';
import { RedisRequestJournal } from './redis-request-journal.js';
import { MemoryRequestJournal, type RequestJournal } from './request-journal.js';
import { sandboxRoutes } from './sandbox-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The sandbox's journal and fault rules, when the sandbox is on. */
    deskwireSandbox: Sandbox | undefined;
  }
}

/** Where the sandbox controls live. */
export const SANDBOX_PREFIX = '/_deskwire';

/** The sandbox state of one app (for tests and embedders that want to look inside). */
export interface Sandbox {
  journal: RequestJournal;
  faults: FaultRuleStore;
}

/**
 * The sandbox controls as a surface: on when `adminToken` is set, and listed before the dialects so
 * that their routes inherit its hooks.
 */
export const sandboxSurface: Surface = {
  name: 'sandbox',
  async register(app, { deskwire, options, services }) {
    // Decorated for the events surface, which journals webhook deliveries (docs/webhooks.md).
    app.decorate('deskwireSandbox', await installSandbox(app, deskwire, { ...options, redis: services.redis }));
  },
};

/**
 * Turns the sandbox on when `options.adminToken` is set: the request journal and the fault hook
 * on every vendor route, and the `/_deskwire` routes. Without a token nothing is installed: no
 * hook runs and every `/_deskwire` path is an unknown path (404). Call before the dialects are
 * registered, so that their routes inherit the hooks.
 */
export async function installSandbox(
  app: FastifyInstance,
  deskwire: Deskwire,
  options: Pick<ServerOptions, 'adminToken' | 'journalSize' | 'random'> & {
    limits: RequestLimits;
    /** When set, the journal and the fault rules live in Redis, shared by every instance. */
    redis?: SharedRedis | undefined;
  },
): Promise<Sandbox | undefined> {
  const { adminToken } = options;
  if (adminToken === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,1024}$/.test(adminToken)) {
    throw new Error('the admin token must be 1 to 1024 printable ASCII characters without spaces');
  }
  const random = options.random ?? Math.random;
  const size = options.journalSize ?? DEFAULT_JOURNAL_SIZE;
  const { redis } = options;
  const journal: RequestJournal = redis ? new RedisRequestJournal(redis, size) : new MemoryRequestJournal(size);
  const faults: FaultRuleStore = redis
    ? new RedisFaultRuleStore(redis, { random, now: deskwire.now })
    : new MemoryFaultRuleStore({ random, now: deskwire.now });
  installJournalHook(app, journal, deskwire.now);
  installFaultHook(app, { faults, journal, random, now: deskwire.now });
  await app.register(sandboxRoutes, {
    prefix: SANDBOX_PREFIX,
    ctx: { deskwire, journal, faults, limits: options.limits },
    adminToken,
  });
  return { journal, faults };
}
