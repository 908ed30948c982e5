import { NATIVE_OPERATIONS, NativeReplyBody } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../../core/agent-sessions.js';
import type { CoreDeps } from '../../core/deps.js';
import { parseTicketRef } from '../../core/ticket-ref.js';
import { ApiError } from '../../errors/api-error.js';
import { installAgentAuth } from '../../http/agent-auth.js';
import { nativeRoute } from '../../http/native-route.js';
import { requirePrincipal } from '../../http/request-context.js';
import { installTenantRateLimit } from '../../http/tenant-rate-limit.js';
import { emailDepsFor } from './email-deps.js';
import { replyToCustomer } from './reply.js';

type ReplyBody = NativeReplyBody;
const REPLY_KEYS = new Set(Object.keys(NativeReplyBody.properties));

/**
 * `POST /api/v1/tenants/{orgId}/tickets/{ref}/replies`: an agent's reply to the customer, mailed
 * (docs/email.md "Replying"), declared in the /api/v1 catalogue (`NATIVE_OPERATIONS.replyToCustomer`).
 * Authenticated as every /api/v1 call (http/agent-auth.ts): the LeadSquared key pair (`X-LSQ-ACCESS-KEY` /
 * `X-LSQ-SECRET-KEY`) of the agent who replies, or their session cookie with its CSRF header; rate-limited
 * with the tenant's budget. Failures keep the LeadSquared envelope its callers already read. `internal: true`
 * stores an internal note instead, which is never mailed. Answers 201 with the queued reply.
 */
export async function emailReplyRoutes(
  app: FastifyInstance,
  opts: { deskwire: CoreDeps; publicDemoKeys: boolean; sessionPolicy?: SessionPolicy },
): Promise<void> {
  const deps = await emailDepsFor(opts.deskwire);
  await installAgentAuth(app, opts.deskwire, {
    publicDemoKeys: opts.publicDemoKeys,
    sessionPolicy: opts.sessionPolicy ?? DEFAULT_SESSION_POLICY,
  });
  // The tenant budget, counted apart from the LeadSquared routes' (`v1:` keys).
  await installTenantRateLimit(app, {
    keyPrefix: 'v1',
    message: (max, seconds) => `API calls exceeded the limit of ${max} in ${seconds} second(s)`,
  });
  const route = nativeRoute(NATIVE_OPERATIONS.replyToCustomer);
  app.post<{ Params: { ref: string }; Body: ReplyBody }>(
    route.url,
    {
      config: route.config ?? {},
      // The path parameters stay unchecked here: a malformed `ref` is parseTicketRef's precise 400.
      schema: { body: NativeReplyBody },
      // The app's validator drops unknown properties; a reply must not silently lose a `bcc` or a typo.
      preValidation: async (request) => {
        const body = request.body as unknown;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
        const unknown = Object.keys(body).find((key) => !REPLY_KEYS.has(key));
        if (unknown !== undefined) {
          throw new ApiError(
            'ValidationError',
            `Unknown property '${unknown.slice(0, 64)}': a reply takes text, html and internal`,
          );
        }
      },
    },
    async (request, reply) => {
      const { tenant, user } = requirePrincipal(request);
      if (!request.body.text?.trim() && !request.body.html?.trim()) {
        throw new ApiError('ValidationError', 'A reply needs text or html');
      }
      const queued = await replyToCustomer(
        {
          orgId: tenant.orgId,
          ticket: parseTicketRef(request.params.ref),
          actor: user,
          text: request.body.text,
          html: request.body.html,
          internal: request.body.internal,
        },
        deps,
      );
      return reply.code(201).send(queued);
    },
  );
}
