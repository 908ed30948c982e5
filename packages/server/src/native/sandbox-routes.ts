import {
  NATIVE_OPERATIONS,
  type NativeFaultRuleBody,
  type NativeJournalQuery,
  type NativeJournalView,
} from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { nativeRoute } from '../http/native-route.js';
import { requirePrincipal } from '../http/request-context.js';
import { checkFaultOperation } from '../sandbox/fault-operation.js';
import type { Sandbox } from '../sandbox/install-sandbox.js';
import type { NativeContext } from './native-context.js';

/**
 * What one tenant's Admin may add here, beside the store's own bound for everyone (MAX_FAULT_RULES): the
 * sandbox is shared, so one tenant may not fill the list (locking others and the operator out), and its own
 * calls read its rules (with Redis, over the network), so it may not load them with megabyte bodies.
 */
export const MAX_TENANT_FAULT_RULES = 50;
export const MAX_TENANT_FAULT_RULE_BYTES = 64 * 1024;

/**
 * The sandbox's request journal and fault rules for a tenant's Admin (docs/api.md "Sandbox"): the same
 * stores and rules as `/_deskwire`, scoped to the caller's tenant. With the sandbox off they answer as an
 * unknown path does, and `GET …/sandbox` says so.
 */
export function registerSandboxRoutes(app: FastifyInstance, ctx: NativeContext): void {
  const sandboxOn = (): Sandbox => {
    const sandbox = ctx.sandbox();
    if (!sandbox) throw new ApiError('NotFound', 'The API could not be found. Please check the API signature.');
    return sandbox;
  };

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.getSandbox),
    handler: async () => ({ enabled: ctx.sandbox() !== undefined }),
  });

  app.route<{ Querystring: NativeJournalQuery }>({
    ...nativeRoute(NATIVE_OPERATIONS.listJournal),
    handler: async (request): Promise<NativeJournalView> => {
      const { journal } = sandboxOn();
      const { tenant } = requirePrincipal(request);
      const q = request.query;
      if (q.since !== undefined && Number.isNaN(new Date(q.since).getTime())) {
        throw new ApiError('ValidationError', `Invalid querystring: 'since' is not a valid date-time`);
      }
      const after = q.after === undefined ? 0 : Number(q.after);
      const matching = await journal.list(tenant.orgId, {
        ...(q.operation !== undefined && { operation: q.operation }),
        ...(q.status !== undefined && { status: q.status }),
        ...(q.since !== undefined && { since: new Date(q.since) }),
      });
      // Oldest first; a first page is the newest `limit`, while a tail (`after`) continues from the oldest
      // entry it has not seen, so that more than `limit` new entries between two polls are all delivered.
      const fresh = matching.filter((entry) => entry.id > after);
      const limit = q.limit === undefined ? fresh.length : Number(q.limit);
      const tailing = q.after !== undefined;
      const kept = tailing ? fresh.slice(0, limit) : fresh.slice(Math.max(0, fresh.length - limit));
      const cursor = Math.max(after, ...(tailing ? kept : fresh).map((entry) => entry.id));
      return { requests: kept.reverse(), cursor };
    },
  });

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.listFaultRules),
    handler: async (request) => {
      const { faults } = sandboxOn();
      return { rules: await faults.list(requirePrincipal(request).tenant.orgId) };
    },
  });

  app.route<{ Body: NativeFaultRuleBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.addFaultRule),
    handler: async (request, reply) => {
      const { faults } = sandboxOn();
      const { tenant } = requirePrincipal(request);
      checkFaultOperation(request.body.operation);
      const bytes = Buffer.byteLength(JSON.stringify(request.body));
      if (bytes > MAX_TENANT_FAULT_RULE_BYTES) {
        throw new ApiError(
          'ValidationError',
          `a tenant's fault rule is at most ${MAX_TENANT_FAULT_RULE_BYTES} bytes of JSON (this one is ${bytes})`,
        );
      }
      if ((await faults.list(tenant.orgId)).length >= MAX_TENANT_FAULT_RULES) {
        throw new ApiError(
          'ValidationError',
          `at most ${MAX_TENANT_FAULT_RULES} fault rules per tenant; remove some first`,
        );
      }
      // Ids are the store's own (`fault-<orgId>-<n>`): a chosen id could collide with another tenant's rule.
      return reply.code(201).send(await faults.add({ ...request.body, orgId: tenant.orgId }));
    },
  });

  app.route<{ Params: { orgId: string; faultId: string } }>({
    ...nativeRoute(NATIVE_OPERATIONS.removeFaultRule),
    handler: async (request, reply) => {
      const { faults } = sandboxOn();
      const { tenant } = requirePrincipal(request);
      const { faultId } = request.params;
      // Another tenant's rule, or one for every tenant (set with the admin token), reads as absent.
      const rule = await faults.get(faultId);
      if (rule?.orgId !== tenant.orgId || !(await faults.remove(faultId))) {
        throw new ApiError('FaultRuleNotFound', `fault rule '${faultId}' does not exist`);
      }
      return reply.code(204).send();
    },
  });
}
