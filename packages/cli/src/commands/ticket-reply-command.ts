import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { CLIENT_EXIT, connectionOptions } from '../profiles/connect.js';
import { type ConnectionFlags, resolveConnection } from '../profiles/profiles.js';
import { postReply, type ReplyAnswer, replyConnectionProblem } from '../reply/post-reply.js';

interface ReplyFlags extends ConnectionFlags {
  text?: string;
  html?: string;
  internal?: boolean;
  json?: boolean;
}

/**
 * `deskwire ticket reply`: an agent's reply, mailed to the requester by the server's email channel
 * (POST /api/v1/tenants/{orgId}/tickets/{ref}/replies, docs/email.md). Deskwire servers only; the
 * vendors have no reply endpoint (vendor-apis.md "not documented").
 */
export function addTicketReplyCommand(ticket: Command): void {
  connectionOptions(ticket.command('reply'))
    .description('Reply to the customer by email (Deskwire servers), or --internal for a note that is never mailed')
    .argument('<id>', 'ticket number, #key or GUID')
    .option('--text <text>', 'the reply, plain text')
    .option('--html <html>', 'the reply as HTML (sent with --text as its plain alternative)')
    .option('--internal', 'store an internal note instead: never mailed')
    .option('--json', 'print {"ticketNumber","conversationId","type","messageId","to","cc","sendState"}')
    .addHelpText('after', '\nExample:\n  deskwire ticket reply 143 --text "Your address is updated."\n')
    .action(async (id: string, o: ReplyFlags) => {
      if (!o.text?.trim() && !o.html?.trim()) throw new CliError('USAGE', 'give --text or --html', EXIT.usage);
      const c = await resolveConnection(o);
      const problem = replyConnectionProblem(c);
      if (problem) throw new CliError('USAGE', `ticket reply: ${problem}`, EXIT.usage);
      let answer: ReplyAnswer;
      try {
        answer = await postReply(c, id, {
          ...(o.text !== undefined && { text: o.text }),
          ...(o.html !== undefined && { html: o.html }),
          ...(o.internal && { internal: true }),
        });
      } catch (error) {
        throw new CliError('VENDOR', `cannot reach ${c.host}: ${(error as Error).message}`, CLIENT_EXIT.vendor);
      }
      const { status, body } = answer;
      if (status !== 201) {
        const message = typeof body.ExceptionMessage === 'string' ? body.ExceptionMessage : `HTTP ${status}`;
        const exit =
          status === 401 || status === 403
            ? CLIENT_EXIT.auth
            : status === 404
              ? CLIENT_EXIT.notFound
              : status < 500 && status !== 429
                ? EXIT.usage
                : CLIENT_EXIT.vendor;
        throw new CliError('REPLY_FAILED', message, exit);
      }
      if (o.json) process.stdout.write(`${JSON.stringify(body)}\n`);
      else if (body.type === 'InternalNote')
        process.stdout.write(`Internal note ${String(body.conversationId)} added\n`);
      else
        process.stdout.write(
          `Reply ${String(body.conversationId)} queued to ${String((body.to as string[]).join(', '))} (${String(body.messageId)})\n`,
        );
    });
}
