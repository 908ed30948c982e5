import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redactUrl } from '../http/redact-url.js';
import '../http/native-route.js';
import '../http/request-context.js';
import type { NewJournalEntry, RequestJournal } from './request-journal.js';

/** The fault rule that shaped a request (set by the fault hook, read when the request is journaled). */
export const appliedFault = new WeakMap<FastifyRequest, string>();

/** The id of the fault rule applied to a request (its canned response is the rule's, not the API's), if any. */
export function appliedFaultId(request: FastifyRequest): string | undefined {
  return appliedFault.get(request);
}

/**
 * Journals every request whose tenant is known (a dialect's auth hook set `request.principal`).
 * Unauthenticated calls are not journaled, so no caller can write into a tenant's journal without
 * that tenant's keys; nor are the console's calls (`unobserved`). Runs after the response is sent, so recording adds no latency.
 */
export function installJournalHook(app: FastifyInstance, journal: RequestJournal, now: () => Date): void {
  app.addHook('onResponse', async (request, reply) => {
    const entry = journalEntry(request, reply, { status: reply.statusCode, now });
    if (entry) await journal.record(entry);
  });
}

/** What the journal keeps of a request: never headers or bodies, and a redacted URL. */
export function journalEntry(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: { status: number; now: () => Date; responded?: boolean },
): NewJournalEntry | undefined {
  if (!request.principal || unobserved(request)) return undefined;
  const latencyMs = reply.elapsedTime;
  return {
    at: new Date(outcome.now().getTime() - latencyMs).toISOString(),
    orgId: request.principal.tenant.orgId,
    method: request.method,
    path: redactUrl(request.url),
    operation: request.routeOptions.config.operation ?? null,
    status: outcome.status,
    latencyMs: Math.round(latencyMs * 10) / 10,
    requestBytes: byteCount(request.headers['content-length']),
    responseBytes: outcome.responded === false ? null : byteCount(reply.getHeader('content-length')),
    faultId: appliedFault.get(request) ?? null,
  };
}

/**
 * Calls the sandbox leaves alone, neither journaled nor faulted: the console's own bookkeeping (presence, reading
 * the journal and the rules: `quiet` in the catalogue) and everything an agent does in the console (a session),
 * so that the journal shows what an integrator's code, with the tenant's keys and tokens, did.
 */
export function unobserved(request: FastifyRequest): boolean {
  return request.routeOptions.config.quiet === true || request.principal?.session !== undefined;
}

function byteCount(header: unknown): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
