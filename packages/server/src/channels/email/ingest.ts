import { Readable } from 'node:stream';
import { addActivity } from '../../core/add-activity.js';
import { createTicket } from '../../core/create-ticket.js';
import type { CoreDeps } from '../../core/deps.js';
import { discardFiles, keepFiles } from '../../core/discard-files.js';
import type { EmailKind, StoredFile, Ticket } from '../../core/domain.js';
import { emailChannelUser } from '../../core/email-channel-user.js';
import type { TransactionalStore } from '../../core/store.js';
import { updateTicket } from '../../core/update-ticket.js';
import { classifyInbound, quotedMessageIds } from './classify.js';
import type { MessageIdSigner } from './message-id.js';
import type { ParsedEmail } from './parse.js';
import { formatAddressList, participantsOf } from './participants.js';
import { flattenText } from './text.js';
import { decideThread, replyToDoneTicket, type ThreadCandidate, type ThreadLookups } from './thread.js';

/** Longest value a text field takes (core/ticket-field-values.ts); a longer subject or body is cut for the field only. */
const MAX_FIELD_TEXT = 65_535;

/** What the email channel needs: the core's dependencies and the Message-ID signer. */
export interface EmailDeps extends CoreDeps {
  readonly messageIds: MessageIdSigner;
}

export interface IngestResult {
  outcome: 'created' | 'appended' | 'duplicate' | 'recorded';
  kind: EmailKind;
  ticketNumber?: number;
  /** Which rule threaded it, for appended messages. */
  via?: 'signed' | 'stored' | 'subject';
  /** A bounce of one of our replies: that reply's Message-ID, now marked failed. */
  bounced?: string[];
}

/**
 * Stores one inbound message for one tenant: the raw `.eml` and the files go to the blob store first,
 * then one transaction writes the ticket (new, or the one the message threads to), its `InboundEmail`
 * conversation with the files, and the message row. The caller answers 250 only after this resolves,
 * so a message that got a 250 is stored (docs/email.md "Delivery guarantees"). A message already
 * stored (same Message-ID and content) is not stored again.
 */
export async function ingestEmail(
  orgId: number,
  raw: Buffer,
  email: ParsedEmail,
  envelopeFrom: string | undefined,
  deps: EmailDeps,
): Promise<IngestResult> {
  const kind = classifyInbound(email, envelopeFrom);
  if (await deps.storage.email.findDuplicate(orgId, email.messageId, email.contentHash)) {
    return { outcome: 'duplicate', kind };
  }
  const files: StoredFile[] = [];
  try {
    const rawFile = await storeBlob(raw, 'message.eml', 'message/rfc822', deps);
    files.push(rawFile);
    const attachments: StoredFile[] = [];
    if (kind === 'message') {
      for (const a of email.attachments) {
        const stored = await storeBlob(a.content, a.fileName, a.contentType, deps);
        files.push(stored);
        attachments.push(stored);
      }
    }
    const result = await deps.storage.transaction(async (tx) => {
      if (await tx.email.findDuplicate(orgId, email.messageId, email.contentHash)) {
        return { outcome: 'duplicate', kind } satisfies IngestResult;
      }
      const txDeps: EmailDeps = { ...deps, storage: tx };
      const written =
        kind === 'message'
          ? await writeMessage(orgId, email, attachments, txDeps)
          : await recordNoise(orgId, kind, raw, email, txDeps);
      await tx.email.insert({
        id: deps.newId(),
        orgId,
        direction: 'inbound',
        kind,
        ticketId: written.ticket?.id ?? null,
        activityId: written.activityId ?? null,
        messageId: email.messageId,
        contentHash: email.contentHash,
        rawSha256: rawFile.sha256,
        fromAddress: email.from?.address ?? '',
        recipients: [...email.to, ...email.cc],
        subject: email.subject,
        createdAt: deps.now(),
        sendState: null,
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        sentAt: null,
      });
      return written.result;
    });
    keepFiles([rawFile], deps);
    return result;
  } catch (error) {
    // A second instance stored the same message between our check and our commit: that is a duplicate.
    if (await deps.storage.email.findDuplicate(orgId, email.messageId, email.contentHash)) {
      await discardFiles(files, deps);
      return { outcome: 'duplicate', kind };
    }
    await discardFiles(files, deps);
    throw error;
  }
}

interface Written {
  result: IngestResult;
  ticket?: Ticket;
  activityId?: number;
}

/** A customer's message: joins the ticket it threads to (reopening it per the tenant's rule) or opens one. */
async function writeMessage(
  orgId: number,
  email: ParsedEmail,
  files: readonly StoredFile[],
  deps: EmailDeps,
): Promise<Written> {
  const tx = deps.storage;
  const sender = email.from?.address ?? '';
  const settings = await tx.email.getSettings(orgId);
  const decision = await decideThread(
    { orgId, referenced: email.referenced, subject: email.subject, sender },
    threadLookups(orgId, tx, deps.messageIds),
  );
  let ticket: Ticket | undefined;
  let outcome: IngestResult['outcome'] = 'created';
  let via: IngestResult['via'];
  if (decision.kind === 'existing') {
    const next = replyToDoneTicket(decision.ticket.status, settings.reopenRule);
    if (next !== 'new-ticket') {
      ticket = await tx.tickets.find(orgId, { id: decision.ticket.ticketId });
      if (next === 'reopen') {
        await updateTicket(
          {
            orgId,
            actor: null,
            ticket: { id: decision.ticket.ticketId },
            fields: [{ schemaName: 'Status', value: 'Open' }],
          },
          deps,
        );
      }
      outcome = 'appended';
      via = decision.via;
    }
  }
  const text = flattenText(email.text);
  if (!ticket) {
    const actor = await emailChannelUser(orgId, tx, deps);
    const [firstName, ...rest] = (email.from?.name ?? '').trim().split(/\s+/);
    const created = await createTicket(
      {
        orgId,
        actor,
        typeId: 1,
        lead: {
          details: {
            EmailAddress: sender,
            FirstName: firstName || null,
            LastName: rest.join(' ') || null,
          },
        },
        fields: [
          { schemaName: 'Title', value: (email.subject || '(no subject)').slice(0, MAX_FIELD_TEXT) },
          { schemaName: 'Description', value: text.slice(0, MAX_FIELD_TEXT) },
          { schemaName: 'Channel', value: 'Email' },
          { schemaName: 'CcEmails', value: formatAddressList(email.cc) },
        ],
        creationType: 'EMAIL',
      },
      deps,
    );
    ticket = created.ticket;
  }
  const { id } = await addActivity(
    {
      orgId,
      ticket: { id: ticket.id },
      type: 'InboundEmail',
      html: email.html ?? textAsHtml(email.text),
      text: text || '(empty message)',
      createdBy: ticket.leadId ?? 'system',
      files,
    },
    deps,
  );
  return {
    result: { outcome, kind: 'message', ticketNumber: ticket.number, ...(via && { via }) },
    ticket,
    activityId: id,
  };
}

/** Auto-replies and bounces are kept for audit but open nothing; a bounce of our reply marks it failed. */
async function recordNoise(
  orgId: number,
  kind: EmailKind,
  raw: Buffer,
  email: ParsedEmail,
  deps: EmailDeps,
): Promise<Written> {
  const bounced: string[] = [];
  if (kind === 'bounce') {
    for (const id of quotedMessageIds(raw)) {
      if (id === email.messageId || deps.messageIds.verify(id)?.orgId !== orgId) continue;
      if (await deps.storage.email.markBounced(orgId, id, bounceReason(email))) bounced.push(id);
    }
  }
  return { result: { outcome: 'recorded', kind, ...(bounced.length > 0 && { bounced }) } };
}

function bounceReason(email: ParsedEmail): string {
  const status = /Diagnostic-Code:\s*([^\r\n]{1,300})/i.exec(email.text)?.[1];
  return `bounced: ${status ?? email.subject}`.slice(0, 500);
}

/** Storage-backed lookups of the threading rules, inside the ingest transaction. */
function threadLookups(orgId: number, tx: TransactionalStore, signer: MessageIdSigner): ThreadLookups {
  const candidate = async (ticket: Ticket | undefined): Promise<ThreadCandidate | undefined> => {
    if (!ticket) return undefined;
    const status = (await tx.tickets.values(ticket.id)).get('Status');
    return { ticketId: ticket.id, number: ticket.number, status: typeof status === 'string' ? status : null };
  };
  return {
    verifySigned: (id) => signer.verify(id),
    ticketByNumber: async (number) => candidate(await tx.tickets.find(orgId, { number })),
    ticketsByMessageId: async (ids) => {
      const found = new Map<string, ThreadCandidate>();
      for (const record of await tx.email.findByMessageIds(orgId, ids)) {
        if (record.ticketId === null || found.has(record.messageId)) continue;
        const c = await candidate(await tx.tickets.find(orgId, { id: record.ticketId }));
        if (c) found.set(record.messageId, c);
      }
      return found;
    },
    participants: async (c) => {
      const ticket = await tx.tickets.find(orgId, { id: c.ticketId });
      const lead = ticket?.leadId ? await tx.leads.get(orgId, ticket.leadId) : undefined;
      const cc = (await tx.tickets.values(c.ticketId)).get('CcEmails');
      return participantsOf(lead?.email ?? null, cc);
    },
  };
}

async function storeBlob(content: Buffer, fileName: string, contentType: string, deps: EmailDeps): Promise<StoredFile> {
  const put = await deps.blobs.put(Readable.from([content]));
  return { fileName, contentType, size: put.size, sha256: put.sha256, created: put.created };
}

function textAsHtml(text: string): string {
  const escaped = text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<div>${escaped.replace(/\r?\n/g, '<br>')}</div>`;
}
