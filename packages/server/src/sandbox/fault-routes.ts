import {
  FaultListQuery,
  FaultParams,
  FaultRuleBody,
  FaultRulesView,
  FaultRuleView,
  RemovedView,
} from '@deskwire/wire/sandbox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { checkFaultOperation } from './fault-operation.js';
import type { FaultRuleInput } from './fault-rules.js';
import { requireTenant, type SandboxContext } from './sandbox-context.js';

/** Adding, reading and removing fault rules (fault-rules.ts; applied by fault-hook.ts). */
export async function faultRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/faults', { schema: { body: FaultRuleBody, response: { 201: FaultRuleView } } }, async (request, reply) => {
    const input: FaultRuleInput = request.body;
    checkFaultOperation(input.operation);
    // A rule for a tenant that does not exist would never fire; say so instead.
    if (typeof input.orgId === 'number') await requireTenant(ctx, String(input.orgId));
    return reply.code(201).send(await ctx.faults.add(input));
  });

  r.get('/faults', { schema: { querystring: FaultListQuery, response: { 200: FaultRulesView } } }, async (request) => {
    const { orgId } = request.query;
    return { rules: await ctx.faults.list(orgId === undefined ? undefined : Number(orgId)) };
  });

  r.get('/faults/:id', { schema: { params: FaultParams, response: { 200: FaultRuleView } } }, async (request) => {
    const rule = await ctx.faults.get(request.params.id);
    if (!rule) throw faultRuleNotFound(request.params.id);
    return rule;
  });

  r.delete('/faults/:id', { schema: { params: FaultParams } }, async (request, reply) => {
    if (!(await ctx.faults.remove(request.params.id))) throw faultRuleNotFound(request.params.id);
    return reply.code(204).send();
  });

  r.delete('/faults', { schema: { querystring: FaultListQuery, response: { 200: RemovedView } } }, async (request) => {
    const { orgId } = request.query;
    return { removed: await ctx.faults.clear(orgId === undefined ? undefined : Number(orgId)) };
  });
}

function faultRuleNotFound(id: string): ApiError {
  return new ApiError('FaultRuleNotFound', `fault rule '${id.slice(0, 64)}' does not exist`);
}
