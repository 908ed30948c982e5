import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import '../http/native-route.js';
import '../http/request-context.js';
import type { FaultRule, FaultRuleStore } from './fault-rules.js';
import { appliedFault, journalEntry, unobserved } from './journal-hook.js';
import { sampleLatency } from './latency-distribution.js';
import type { RequestJournal } from './request-journal.js';

export interface FaultHookDeps {
  faults: FaultRuleStore;
  journal: RequestJournal;
  random: () => number;
  now: () => Date;
}

/**
 * Applies fault rules to vendor API calls. A `preParsing` hook: it runs after every `onRequest`
 * hook, so after the dialect's auth has named the tenant (and after its rate limit), and before
 * the body is read, so a faulted call fails as a real outage would, whatever its body.
 * Only routes with an `operation` and an authenticated caller are considered, the console's calls aside.
 */
export function installFaultHook(app: FastifyInstance, deps: FaultHookDeps): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    const operation = request.routeOptions.config.operation;
    if (!request.principal || !operation || unobserved(request)) return payload;
    const rule = await deps.faults.pick({ orgId: request.principal.tenant.orgId, operation });
    if (!rule) return payload;
    appliedFault.set(request, rule.id);
    if (rule.latency) {
      const stillConnected = await delay(sampleLatency(rule.latency, deps.random), reply);
      if (!stillConnected) return abandon(request, reply, deps);
    }
    if (rule.drop) return abandon(request, reply, deps);
    if (rule.respond) {
      sendCanned(reply, rule.respond);
      return reply;
    }
    return payload;
  });
}

function sendCanned(reply: FastifyReply, respond: NonNullable<FaultRule['respond']>): void {
  reply.code(respond.status);
  if (respond.headers) reply.headers(respond.headers);
  if (respond.rawBody !== undefined) {
    if (!reply.hasHeader('content-type')) reply.type('text/plain; charset=utf-8');
    reply.send(respond.rawBody);
  } else if (respond.body !== undefined) {
    if (!reply.hasHeader('content-type')) reply.type('application/json; charset=utf-8');
    reply.send(JSON.stringify(respond.body));
  } else {
    reply.send();
  }
}

/**
 * Ends the exchange without a response: the socket is destroyed (the client sees a reset or an
 * unexpected end of the response). Fastify's `onResponse` does not run for a hijacked reply, so
 * the journal entry (status 0) is written here.
 */
async function abandon(request: FastifyRequest, reply: FastifyReply, deps: FaultHookDeps): Promise<FastifyReply> {
  reply.hijack();
  request.raw.destroy();
  const entry = journalEntry(request, reply, { status: 0, now: deps.now, responded: false });
  if (entry) await deps.journal.record(entry);
  return reply;
}

/** Waits `ms`; resolves false early if the client goes away meanwhile (e.g. its timeout fired). */
function delay(ms: number, reply: FastifyReply): Promise<boolean> {
  if (reply.raw.destroyed) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      reply.raw.off('close', onClose);
      resolve(true);
    }, ms);
    reply.raw.once('close', onClose);
  });
}
