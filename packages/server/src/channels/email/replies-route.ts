import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { parseTicketRef } from '../../core/ticket-ref.js';
import { installLsqAuth } from '../../dialects/leadsquared/leadsquared-auth.js';
import { ApiError } from '../../errors/api-error.js';
import { requirePrincipal } from '../../http/request-context.js';
import { installTenantRateLimit } from '../../http/tenant-rate-limit.js';
import { emailDepsFor } from './email-deps.js';
import { replyToCustomer } from './reply.js';

const ReplyBody = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: 1_000_000 })),
    html: Type.Optional(Type.String({ maxLength: 1_000_000 })),
    internal: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
type ReplyBody = Static<typeof ReplyBody>;
const REPLY_KEYS = new Set(Object.keys(ReplyBody.properties));

/** Path of the replies endpoint, below the plugin's prefix `/api/v1/tenants/:orgId`. */
export const REPLIES_PATH = '/tickets/:ref/replies';

/**
 * `POST /api/v1/tenants/{orgId}/tickets/{ref}/replies`: an agent's reply to the customer, mailed
 * (docs/email.md "Replying"). Authenticated with the LeadSquared key pair (`X-LSQ-ACCESS-KEY` /
 * `X-LSQ-SECRET-KEY`) of the agent who replies, rate-limited with the tenant's budget. `internal: true`
 * stores an internal note instead, which is never mailed. Answers 201 with the queued reply.
 */
export async function emailReplyRoutes(
  app: FastifyInstance,
  opts: { deskwire: CoreDeps; publicDemoKeys: boolean },
): Promise<void> {
  const deps = await emailDepsFor(opts.deskwire);
  installLsqAuth(app, opts.deskwire, { publicDemoKeys: opts.publicDemoKeys });
  // The tenant budget, counted apart from the LeadSquared routes' (`v1:` keys).
  await installTenantRateLimit(app, {
    keyPrefix: 'v1',
    message: (max, seconds) => `API calls exceeded the limit of ${max} in ${seconds} second(s)`,
  });
  app.post<{ Params: { ref: string }; Body: ReplyBody }>(
    REPLIES_PATH,
    {
      config: { operation: 'v1.replyToCustomer' },
      schema: { body: ReplyBody },
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
