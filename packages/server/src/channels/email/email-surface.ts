import type { FastifyInstance } from 'fastify';
import { renderLsqError } from '../../dialects/leadsquared/leadsquared-errors.js';
import { installErrorHandler } from '../../http/error-handler.js';
import { sessionPolicyOf } from '../../http/session-policy.js';
import type { Surface } from '../../http/surface.js';
import { type EmailChannel, startEmailChannel } from './email-channel.js';
import { emailReplyRoutes } from './replies-route.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The running email channel (its SMTP port, for `deskwire serve` to print), once the app is ready. */
    deskwireEmail: { channel: EmailChannel | undefined };
  }
}

/**
 * The email channel as a surface (docs/email.md): the replies endpoint always; with `options.email`,
 * the SMTP listener, the reply sender and the IMAP pollers, started when the app is ready and stopped
 * when it closes.
 */
export const emailSurface: Surface = {
  name: 'email',
  async register(app: FastifyInstance, { deskwire, options }) {
    await app.register(async (scope) => {
      installErrorHandler(scope, renderLsqError, (error) => deskwire.storage.classifyError(error));
      await emailReplyRoutes(scope, {
        deskwire,
        publicDemoKeys: options.publicDemoKeys === true,
        sessionPolicy: sessionPolicyOf(options),
      });
    });
    const state: { channel: EmailChannel | undefined } = { channel: undefined };
    app.decorate('deskwireEmail', state);
    const email = options.email;
    if (email === undefined) return;
    app.addHook('onReady', async () => {
      state.channel = await startEmailChannel(deskwire, {
        ...(email.smtp && { smtp: email.smtp }),
        sender:
          email.sendReplies === false
            ? false
            : {
                ...(email.defaultRelayUrl !== undefined && { defaultRelayUrl: email.defaultRelayUrl }),
                onAttempt: (reply, outcome, error) =>
                  app.log.info({ reply: reply.id, ticket: reply.ticketId, outcome, error }, 'email reply attempt'),
              },
        imap:
          email.pollImap === false ? false : { onError: (error) => app.log.warn({ err: error }, 'IMAP poll failed') },
      });
    });
    app.addHook('onClose', async () => {
      await state.channel?.close();
    });
  },
};

/** The port the app's SMTP listener took (with `port: 0`), once the app is ready; `undefined` when it runs none. */
export function smtpPortOf(app: FastifyInstance): number | undefined {
  return app.hasDecorator('deskwireEmail') ? app.deskwireEmail.channel?.smtpPort : undefined;
}
