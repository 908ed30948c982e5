import { NATIVE_OPERATIONS } from '@deskwire/wire';
import type { AddFieldBody, SetLookupBody } from '@deskwire/wire/sandbox';
import type { FastifyInstance } from 'fastify';
import { addCustomField } from '../core/add-custom-field.js';
import { listLookups, setLookupValues } from '../core/manage-lookups.js';
import { addMailbox, listMailboxes, removeMailbox } from '../core/manage-mailboxes.js';
import { nativeRoute } from '../http/native-route.js';
import { requirePrincipal } from '../http/request-context.js';
import type { NativeContext } from './native-context.js';

/** Lookups and ticket fields (read for everyone, written by Admins) and inbound addresses (Admins; docs/api.md). */
export function registerConfigRoutes(app: FastifyInstance, ctx: NativeContext): void {
  const { deskwire } = ctx;

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.listLookups),
    handler: async (request) => ({
      lookups: await listLookups({ orgId: requirePrincipal(request).tenant.orgId }, deskwire),
    }),
  });

  app.route<{ Params: { orgId: string; schemaName: string }; Body: SetLookupBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.setLookup),
    handler: async (request) => {
      const { tenant } = requirePrincipal(request);
      const { schemaName } = request.params;
      const values = await setLookupValues({ orgId: tenant.orgId, schemaName, values: request.body.values }, deskwire);
      return { schemaName, values: values.map((v) => v.text) };
    },
  });

  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.listFields),
    handler: async (request) => {
      const principal = requirePrincipal(request);
      const fields = principal.config?.fields ?? (await deskwire.storage.fields.listFields(principal.tenant.orgId));
      return { fields: fields.map(fieldView) };
    },
  });

  app.route<{ Body: AddFieldBody }>({
    ...nativeRoute(NATIVE_OPERATIONS.addField),
    handler: async (request, reply) => {
      const { tenant } = requirePrincipal(request);
      return reply.code(201).send(fieldView(await addCustomField({ orgId: tenant.orgId, ...request.body }, deskwire)));
    },
  });

  // The same functions as `deskwire mailbox` and the sandbox's; the SMTP listener looks an address up at every
  // RCPT TO, so a change is seen by every running instance at once.
  app.route({
    ...nativeRoute(NATIVE_OPERATIONS.listMailboxes),
    handler: async (request) => {
      const { orgId } = requirePrincipal(request).tenant;
      return { orgId, addresses: await listMailboxes(orgId, deskwire) };
    },
  });

  app.route<{ Body: { address: string } }>({
    ...nativeRoute(NATIVE_OPERATIONS.addMailbox),
    handler: async (request, reply) => {
      const { orgId } = requirePrincipal(request).tenant;
      return reply.code(201).send(await addMailbox({ orgId, address: request.body.address }, deskwire));
    },
  });

  app.route<{ Params: { orgId: string; address: string } }>({
    ...nativeRoute(NATIVE_OPERATIONS.removeMailbox),
    handler: async (request, reply) => {
      const { orgId } = requirePrincipal(request).tenant;
      await removeMailbox({ orgId, address: request.params.address }, deskwire);
      return reply.code(204).send();
    },
  });
}

function fieldView(field: {
  schemaName: string;
  displayName: string;
  dataType: string;
  lookupSchema: string | null;
  isMandatory: boolean;
  sequence: number;
}) {
  return {
    schemaName: field.schemaName,
    displayName: field.displayName,
    dataType: field.dataType,
    lookupSchema: field.lookupSchema,
    isMandatory: field.isMandatory,
    sequence: field.sequence,
  };
}
