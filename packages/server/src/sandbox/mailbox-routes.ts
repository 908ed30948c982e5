import { AddMailboxBody, MailboxListView, MailboxParams, MailboxView, OrgParams } from '@deskwire/wire/sandbox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { addMailbox, listMailboxes, removeMailbox } from '../core/manage-mailboxes.js';
import { requireTenant, type SandboxContext } from './sandbox-context.js';

/**
 * A tenant's inbound email addresses: the same functions as `deskwire mailbox add` / `list` / `remove`
 * (docs/email.md). The SMTP listener looks an address up at every `RCPT TO`, so a change here is
 * seen by every running instance at once.
 */
export async function mailboxRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { deskwire } = ctx;

  r.get(
    '/tenants/:orgId/mailboxes',
    { schema: { params: OrgParams, response: { 200: MailboxListView } } },
    async (request) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      return { orgId, addresses: await listMailboxes(orgId, deskwire) };
    },
  );

  r.post(
    '/tenants/:orgId/mailboxes',
    { schema: { params: OrgParams, body: AddMailboxBody, response: { 201: MailboxView } } },
    async (request, reply) => {
      const { orgId } = await requireTenant(ctx, request.params.orgId);
      return reply.code(201).send(await addMailbox({ orgId, address: request.body.address }, deskwire));
    },
  );

  r.delete('/tenants/:orgId/mailboxes/:address', { schema: { params: MailboxParams } }, async (request, reply) => {
    const { orgId } = await requireTenant(ctx, request.params.orgId);
    await removeMailbox({ orgId, address: request.params.address }, deskwire);
    return reply.code(204).send();
  });
}
