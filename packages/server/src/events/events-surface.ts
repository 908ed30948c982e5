import { operationNamed, routerPath, SANDBOX_OPERATIONS, type SandboxOperation } from '@deskwire/wire';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { surfaceOfOperation, withEventOrigin } from '../core/event-origin.js';
import { renderLsqError } from '../dialects/leadsquared/leadsquared-errors.js';
import { installAgentAuth } from '../http/agent-auth.js';
import { installErrorHandler } from '../http/error-handler.js';
import { renderNativeError } from '../http/native-errors.js';
import { redactUrl } from '../http/redact-url.js';
import { sessionPolicyOf } from '../http/session-policy.js';
import type { Surface } from '../http/surface.js';
import { eventLogRoutes } from './event-log-routes.js';
import { EventWaiter } from './event-waiter.js';
import { announceCommits } from './redis-wakeups.js';
import { testReceiverRoute } from './test-receiver.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { webhookRoutes } from './webhook-routes.js';

/** Sandbox routes carry no operation in their config: their catalogue name by method and router path. */
const SANDBOX_BY_ROUTE: ReadonlyMap<string, string> = new Map(
  (Object.values(SANDBOX_OPERATIONS) as SandboxOperation[]).map((op) => [
    `${op.method} ${routerPath(op.path)}`,
    op.name,
  ]),
);

/**
 * The event log as a surface (docs/webhooks.md): tags every write route's handler with its operation (so the
 * events a request emits name their origin), serves the log and the webhook endpoints under
 * `/api/v1/tenants/{orgId}`, and runs this instance's webhook dispatcher while the app is up.
 * Registered first, so its `onRoute` hook sees every other surface's routes.
 */
export const eventsSurface: Surface = {
  name: 'events',
  async register(app: FastifyInstance, { deskwire, options, services }) {
    app.addHook('onRoute', (route) => {
      const named = (route.config as { operation?: unknown } | undefined)?.operation;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const operation =
        typeof named === 'string' ? named : methods.map((m) => SANDBOX_BY_ROUTE.get(`${m} ${route.url}`)).find(Boolean);
      if (typeof operation !== 'string') return;
      // Reads emit no events. AsyncLocalStorage turns on promise hooks for the whole process (Node 20),
      // which every promise then pays for: only writes enter it.
      if (operationNamed(operation)?.kind === 'read') return;
      const handler = route.handler as RouteHandlerMethod;
      const origin = { surface: surfaceOfOperation(operation), operation };
      route.handler = function originTagged(this: FastifyInstance, request, reply) {
        return withEventOrigin(origin, () => handler.call(this, request, reply));
      } as RouteHandlerMethod;
    });

    const waiter = new EventWaiter(deskwire.storage);
    // Part of /api/v1: its error body, and its credentials (the key pair, or an agent session with CSRF).
    await app.register(async (scope) => {
      installErrorHandler(scope, renderNativeError, (error) => deskwire.storage.classifyError(error));
      await installAgentAuth(scope, deskwire, {
        publicDemoKeys: options.publicDemoKeys === true,
        sessionPolicy: sessionPolicyOf(options),
      });
      eventLogRoutes(scope, waiter, deskwire);
      webhookRoutes(scope, deskwire);
    });
    if (options.adminToken !== undefined) {
      // Outside the key-checking scope: deliveries carry no credentials.
      await app.register(async (scope) => {
        installErrorHandler(scope, renderLsqError, (error) => deskwire.storage.classifyError(error));
        testReceiverRoute(scope);
      });
    }

    const dispatcher =
      options.webhookDispatch === false
        ? undefined
        : new WebhookDispatcher({
            storage: deskwire.storage,
            now: deskwire.now,
            allowPrivate: options.webhooksAllowPrivate === true,
            ...(options.webhookClaimMs !== undefined && { claimMs: options.webhookClaimMs }),
            onEndpointDisabled: (info) => app.log.warn(info, 'webhook endpoint disabled after failing for 24 hours'),
            // With the sandbox on, every attempt shows in its request journal (operation `webhooks.deliver`).
            onAttempt: (attempt) => {
              void app.deskwireSandbox?.journal
                .record({
                  at: attempt.at.toISOString(),
                  orgId: attempt.orgId,
                  method: 'POST',
                  path: redactUrl(attempt.url),
                  operation: 'webhooks.deliver',
                  status: attempt.responseStatus ?? 0,
                  latencyMs: attempt.latencyMs,
                  requestBytes: attempt.requestBytes,
                  responseBytes: null,
                  faultId: null,
                })
                .catch(() => {});
            },
          });
    const wake = () => {
      waiter.notify();
      dispatcher?.wake();
    };
    let stopAnnouncing: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      stopAnnouncing = await announceCommits(deskwire.storage, services.redis, wake);
      dispatcher?.start();
    });
    app.addHook('onClose', async () => {
      await stopAnnouncing?.();
      await dispatcher?.stop();
      waiter.notify();
    });
  },
};
