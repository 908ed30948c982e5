import {
  AddFieldBody,
  CreatedTenantView,
  CreateTenantBody,
  CreateUserBody,
  FieldView,
  IssuedKeyView,
  KeyParams,
  LookupListView,
  LookupParams,
  LookupView,
  OrgParams,
  ResetAllBody,
  ResetAllView,
  ResetTenantBody,
  SetLookupBody,
  TenantListView,
  TenantResetView,
  TenantView,
  UpdateTenantBody,
  UserListView,
  UserParams,
} from '@deskwire/wire/sandbox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import { addCustomField } from '../core/add-custom-field.js';
import { createTenant } from '../core/create-tenant.js';
import { createApiKey, revokeApiKey } from '../core/manage-keys.js';
import { setLookupValues } from '../core/manage-lookups.js';
import { deleteTenant, type ResetResult, resetAllTenants, resetTenant } from '../core/reset-tenant.js';
import { updateTenant } from '../core/update-tenant.js';
import { requireTenant, type SandboxContext } from './sandbox-context.js';
import { fieldView, tenantView, userView } from './sandbox-views.js';

/** A POST without a body means "no options": validate it as `{}`. */
const noBodyMeansEmpty: preValidationAsyncHookHandler = async (request) => {
  request.body ??= {};
};

/**
 * Tenants and what belongs to them: users, keys, lookups, custom fields, resets. Each route calls
 * the same core function as the matching `deskwire` CLI command (docs/cli.md).
 */
export async function tenantRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { deskwire } = ctx;

  r.get('/tenants', { schema: { response: { 200: TenantListView } } }, async () => ({
    tenants: (await deskwire.storage.tenants.list()).map(tenantView),
  }));

  // deskwire tenant create
  r.post(
    '/tenants',
    { schema: { body: CreateTenantBody, response: { 201: CreatedTenantView } } },
    async (request, reply) => {
      const created = await createTenant(request.body, deskwire);
      return reply.code(201).send({
        tenant: tenantView(created.tenant),
        admin: userView(created.admin),
        accessKey: created.accessKey,
        secretKey: created.secretKey,
      });
    },
  );

  r.get('/tenants/:orgId', { schema: { params: OrgParams, response: { 200: TenantView } } }, async (request) =>
    tenantView(await requireTenant(ctx, request.params.orgId)),
  );

  // deskwire tenant update
  r.patch(
    '/tenants/:orgId',
    { schema: { params: OrgParams, body: UpdateTenantBody, response: { 200: TenantView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      return tenantView(await updateTenant({ orgId, patch: request.body }, deskwire));
    },
  );

  r.delete(
    '/tenants/:orgId',
    { schema: { params: OrgParams, response: { 200: TenantResetView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      return withSandboxState(await deleteTenant({ orgId }, deskwire), ctx);
    },
  );

  // deskwire tenant reset
  r.post(
    '/tenants/:orgId/reset',
    {
      preValidation: noBodyMeansEmpty,
      schema: { params: OrgParams, body: ResetTenantBody, response: { 200: TenantResetView } },
    },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const result = await resetTenant({ orgId, ...(request.body.keepConfig && { keepConfig: true }) }, deskwire);
      return withSandboxState(result, ctx);
    },
  );

  r.post(
    '/reset',
    { preValidation: noBodyMeansEmpty, schema: { body: ResetAllBody, response: { 200: ResetAllView } } },
    async (request) => {
      const results = await resetAllTenants(request.body, deskwire);
      return {
        tenants: results.map(({ orgId, ...deleted }) => ({ orgId, deleted })),
        requestsCleared: await ctx.journal.clear(),
        faultRulesCleared: await ctx.faults.clear(),
      };
    },
  );

  r.get(
    '/tenants/:orgId/users',
    { schema: { params: OrgParams, response: { 200: UserListView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      return { users: (await deskwire.storage.users.list(orgId)).map(userView) };
    },
  );

  // deskwire key create --role R --name N: a new user with a first key pair.
  r.post(
    '/tenants/:orgId/users',
    {
      preValidation: noBodyMeansEmpty,
      schema: { params: OrgParams, body: CreateUserBody, response: { 201: IssuedKeyView } },
    },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const issued = await createApiKey({ orgId, ...request.body }, deskwire);
      return reply.code(201).send({ ...issued, user: userView(issued.user) });
    },
  );

  // deskwire key create --user GUID: another key pair for an existing user.
  r.post(
    '/tenants/:orgId/users/:userId/keys',
    { schema: { params: UserParams, response: { 201: IssuedKeyView } } },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const issued = await createApiKey({ orgId, userId: request.params.userId.toLowerCase() }, deskwire);
      return reply.code(201).send({ ...issued, user: userView(issued.user) });
    },
  );

  // deskwire key revoke
  r.delete('/tenants/:orgId/keys/:accessKey', { schema: { params: KeyParams } }, async (request, reply) => {
    const { orgId } = await requireTenant(ctx, request.params.orgId);
    await revokeApiKey({ orgId, accessKey: request.params.accessKey }, deskwire);
    return reply.code(204).send();
  });

  r.get(
    '/tenants/:orgId/lookups',
    { schema: { params: OrgParams, response: { 200: LookupListView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const bySchema = new Map<string, string[]>();
      for (const v of await deskwire.storage.fields.listLookupValues(orgId)) {
        bySchema.set(v.schemaName, [...(bySchema.get(v.schemaName) ?? []), v.text]);
      }
      return { lookups: [...bySchema].map(([schemaName, values]) => ({ schemaName, values })) };
    },
  );

  // deskwire lookups set
  r.put(
    '/tenants/:orgId/lookups/:schemaName',
    { schema: { params: LookupParams, body: SetLookupBody, response: { 200: LookupView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      const { schemaName } = request.params;
      const values = await setLookupValues({ orgId, schemaName, values: request.body.values }, deskwire);
      return { schemaName, values: values.map((v) => v.text) };
    },
  );

  // deskwire field add
  r.post(
    '/tenants/:orgId/fields',
    { schema: { params: OrgParams, body: AddFieldBody, response: { 201: FieldView } } },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      return reply.code(201).send(fieldView(await addCustomField({ orgId, ...request.body }, deskwire)));
    },
  );
}

/** A tenant's journal and its own fault rules go with its data (rules for every tenant stay). */
async function withSandboxState({ orgId, ...deleted }: ResetResult, ctx: SandboxContext) {
  return {
    orgId,
    deleted,
    requestsCleared: await ctx.journal.clear(orgId),
    faultRulesCleared: await ctx.faults.clear(orgId),
  };
}
