import type { AppMetrics } from '../observability/app-metrics.js';
import type { SharedRedis } from '../redis/redis-connection.js';
import type { TicketResponseCache } from './ticket-response-cache.js';

/** Backends one app shares between its plugins (the dialects' rate limits read them). */
export interface AppServices {
  /** Present when `redisUrl` is set: rate-limit counters go there instead of memory. */
  redis: SharedRedis | undefined;
  metrics: AppMetrics;
  /** Finished ticket read answers, checked against the ticket's version on every request. */
  ticketAnswers: TicketResponseCache;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Decorated by `buildApp` before any dialect registers. */
    deskwireServices: AppServices;
  }
}
