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
  // `routeOptions` is a getter that builds a new object on every read: read it once.
  const { url, config } = request.routeOptions;
  return {
    route: url === undefined || request.is404 ? UNMATCHED : url,
    operation: config.operation ?? 'none',
  };
}

/** Counts and times every response (probes and `/metrics` included). */
export function installMetricsHook(app: FastifyInstance, metrics: AppMetrics): void {
  // A callback hook, not an async one: no promise per response.
  app.addHook('onResponse', (request, reply, done) => {
    const { route, operation } = routeLabels(request);
    metrics.recordRequest({
      route,
      operation,
      method: request.method,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
    done();
  });
}
