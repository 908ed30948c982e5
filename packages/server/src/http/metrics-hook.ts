import type { FastifyInstance, FastifyRequest } from 'fastify';
import './request-context.js';
import type { AppMetrics } from '../observability/app-metrics.js';

/** Label of requests that matched no route: their raw paths (ids, typos, scans) must not become labels. */
const UNMATCHED = '(unmatched)';

/**
 * Labels of a request: the route *template* (`/api/tenants/:orgId/tickets/:ticketId`), never the
 * URL, and the vendor operation the route serves (`lsq.getTicket`) or `none`. Both come from the
 * route table, so the number of series stays fixed however many tenants and tickets are called.
 */
export function routeLabels(request: FastifyRequest): { route: string; operation: string } {
  const route = request.routeOptions.url;
  return {
    route: route === undefined || request.is404 ? UNMATCHED : route,
    operation: request.routeOptions.config.operation ?? 'none',
  };
}

/** Counts and times every response (probes and `/metrics` included). */
export function installMetricsHook(app: FastifyInstance, metrics: AppMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.recordRequest({
      ...routeLabels(request),
      method: request.method,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });
}
