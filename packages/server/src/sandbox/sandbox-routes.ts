import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { faultRoutes } from './fault-routes.js';
import { journalRoutes } from './journal-routes.js';
import { mailboxRoutes } from './mailbox-routes.js';
import { installSandboxAuth } from './sandbox-auth.js';
import type { SandboxContext } from './sandbox-context.js';
import { tenantRoutes } from './tenant-routes.js';
import { ticketRoutes } from './ticket-routes.js';
import { tokenRoutes } from './token-routes.js';
import { webhookRoutes } from './webhook-routes.js';

/**
 * The sandbox controls, registered under `/_deskwire` (a prefix no vendor path can collide with),
 * every route behind the admin token. Errors use the server's one envelope (docs/errors.md).
 */
export async function sandboxRoutes(
  app: FastifyInstance,
  opts: { ctx: SandboxContext; adminToken: string },
): Promise<void> {
  // TypeBox's own checker instead of the server's Ajv, which strips unknown properties: here a typo
  // (`{"nmae": …}`) must fail loudly rather than be ignored.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // An empty JSON body means "no options" here (`POST /reset` from a client that always sends a
  // Content-Type); anything else goes through the server's own JSON parser and its safeguards.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') done(null, {});
    else parseJson(request, text, done);
  });
  installSandboxAuth(app, opts.adminToken);
  await tenantRoutes(app, opts.ctx);
  await tokenRoutes(app, opts.ctx);
  await mailboxRoutes(app, opts.ctx);
  await ticketRoutes(app, opts.ctx);
  await journalRoutes(app, opts.ctx);
  await faultRoutes(app, opts.ctx);
  await webhookRoutes(app, opts.ctx);
}
