import {
  LSQ_CONVERSATION_TYPES,
  type LsqConversation,
  type LsqCreateTicketRequest,
  type LsqFieldInput,
  type LsqGetTicketResponse,
  type LsqLeadDetailInput,
  type LsqUpdateTicketRequest,
} from '@deskwire/wire';
import type { Clock } from '../core/clock.js';
import { DeskwireClientError, isDeskwireClientError } from '../core/errors.js';
import type { CallOptions } from '../core/options.js';
import { redactUrl } from '../core/redact.js';
import { downloadWithRefresh } from '../normalized/download-with-refresh.js';
import type {
  Attachment,
  AttachmentDownload,
  Conversation,
  FieldValue,
  NoteReceipt,
  Ticket,
  TicketRef,
  TicketStatus,
} from '../normalized/model.js';
import type { NewTicket, TicketClient, TicketId, TicketPatch } from '../normalized/ticket-client.js';
import type { LeadSquaredCalls } from './leadsquared-calls.js';
import { lsqConversation, lsqTicket, lsqTicketRef } from './leadsquared-normalize.js';
import { LSQ_OPERATIONS } from './leadsquared-operations.js';

/** Both documented defaults: `TypeId` "Pass 1 by default" (a string), `RelatedTicketTypeId` 1 (a number). */
const TYPE_ID = '1';
const RELATED_TICKET_TYPE_ID = 1;

/** The normalized view of a `LeadSquaredClient` (`client.tickets`). */
export class LeadSquaredTickets implements TicketClient<LsqGetTicketResponse, LsqConversation> {
  readonly vendor = 'leadsquared' as const;
  readonly #client: LeadSquaredCalls;
  readonly #statusMap: Readonly<Record<string, TicketStatus>>;
  readonly #clock: Clock;

  constructor(client: LeadSquaredCalls, options: { statusMap: Readonly<Record<string, TicketStatus>>; clock: Clock }) {
    this.#client = client;
    this.#statusMap = options.statusMap;
    this.#clock = options.clock;
  }

  /** L4, normalized. `id`: the number (`"143"`, `143`), the key (`"#143"`) or the GUID. */
  async getTicket(id: TicketId, options?: CallOptions): Promise<Ticket<LsqGetTicketResponse>> {
    return lsqTicket(await this.#client.getTicket(id, options), this.#statusMap);
  }

  /**
   * One L4 call per distinct id (the vendor has no batch read), queued by the limiter; ids answered
   * 404 are left out. The first other failure cancels the calls still queued and is thrown.
   */
  async getTickets(ids: readonly TicketId[], options: CallOptions = {}): Promise<Ticket<LsqGetTicketResponse>[]> {
    const distinct = [...new Set(ids.map((id) => String(id).trim()))];
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const found = await Promise.all(
      distinct.map((id) =>
        this.getTicket(id, { ...options, signal }).catch((error: unknown) => {
          if (isDeskwireClientError(error) && error.code === 'NOT_FOUND') return undefined;
          stop.abort();
          throw error;
        }),
      ),
    );
    return found.filter((t): t is Ticket<LsqGetTicketResponse> => t !== undefined);
  }

  /** L5 with every activity type the vendor lists (not internal notes: the vendor never lists them). */
  async listConversations(id: TicketId, options?: CallOptions): Promise<Conversation<LsqConversation>[]> {
    const number = await this.#number(id, options);
    const response = await this.#client.getTicketConversations(
      { TicketId: number, OrgId: this.#client.orgId, ActivityType: [...LSQ_CONVERSATION_TYPES] },
      options,
    );
    const fetchedAt = this.#clock.now();
    return response.ConversationList.map((c) => lsqConversation(c, String(number), fetchedAt));
  }

  /** L6. The vendor returns no note id. */
  async addNote(id: TicketId, text: string, options?: CallOptions): Promise<NoteReceipt> {
    const number = await this.#number(id, options);
    const response = await this.#client.postInternalNote(
      { TextPart: text, ActivityType: 'CreateInternalNote', StorageType: 'Permament', RelatedTicketId: number },
      options,
    );
    return { vendor: 'leadsquared', ticketId: response.RelatedTicketId, noteId: null, raw: response };
  }

  /**
   * L1, or L2 when `files` are given. The requester becomes `LeadId` (a GUID) or `LeadDetail.*`
   * pairs (email, phone, name) that find or create the lead.
   */
  async createTicket(input: NewTicket, options?: CallOptions): Promise<TicketRef> {
    const fields = systemFields(input);
    const leadId = leadIdOf(input.requester);
    const body: LsqCreateTicketRequest = {
      TypeId: TYPE_ID,
      ...(leadId !== undefined && { LeadId: leadId }),
      Fields: fields,
      RelatedTicketTypeId: RELATED_TICKET_TYPE_ID,
    };
    const response =
      input.files && input.files.length > 0
        ? await this.#client.createTicketWithAttachments(body, input.files, options)
        : await this.#client.createTicket(body, options);
    return lsqTicketRef(response);
  }

  /** L3: only the fields given change; `files` are appended. */
  async updateTicket(id: TicketId, patch: TicketPatch, options?: CallOptions): Promise<TicketRef> {
    const number = await this.#number(id, options);
    const body: LsqUpdateTicketRequest = {
      TypeId: TYPE_ID,
      Id: String(number),
      Fields: systemFields(patch),
      RelatedTicketTypeId: RELATED_TICKET_TYPE_ID,
    };
    const response = await this.#client.updateTicket(body, { ...options, ...(patch.files && { files: patch.files }) });
    return lsqTicketRef(response);
  }

  async downloadAttachment(attachment: Attachment, options?: CallOptions): Promise<AttachmentDownload> {
    return downloadWithRefresh(attachment, {
      now: () => this.#clock.now(),
      download: (url) => this.#client.downloadAttachment(url, options),
      refresh: (current) => this.#fresh(current, options),
    });
  }

  /** The same attachment with a fresh signed URL, from a new read of its conversation. */
  async #fresh(attachment: Attachment, options?: CallOptions): Promise<Attachment> {
    const conversations = await this.listConversations(attachment.ticketId, options);
    const conversation = conversations.find((c) => c.id === attachment.conversationId);
    const candidates = conversation?.attachments.filter((a) => a.fileName === attachment.fileName) ?? [];
    const match = candidates.find((a) => a.size === attachment.size) ?? candidates[0];
    if (match) return match;
    throw new DeskwireClientError({
      code: 'NOT_FOUND',
      status: 0,
      message: `${LSQ_OPERATIONS.downloadAttachment.name}: '${attachment.fileName}' is no longer listed on ticket ${attachment.ticketId}`,
      request: {
        operation: LSQ_OPERATIONS.downloadAttachment.name,
        method: 'GET',
        url: redactUrl(attachment.url),
        headers: {},
      },
    });
  }

  /** The ticket number L5–L7 need: read from `143`/`"#143"`, or looked up (L4) for a GUID. */
  async #number(id: TicketId, options?: CallOptions): Promise<number> {
    const match = /^#?([0-9]{1,15})$/.exec(String(id).trim());
    if (match) return Number(match[1]);
    return Number((await this.#client.getTicket(id, options)).Id);
  }
}

function systemFields(input: NewTicket | TicketPatch): LsqFieldInput[] {
  const fields: LsqFieldInput[] = [];
  const put = (schemaName: string, value: FieldValue | undefined) => {
    if (value !== undefined) fields.push({ SchemaName: schemaName, Value: value });
  };
  put('Title', input.title);
  put('Description', input.description);
  put('Status', input.status);
  put('Priority', input.priority);
  for (const [name, value] of Object.entries(input.fields ?? {})) put(name, value);
  return fields;
}

function leadIdOf(requester: NewTicket['requester']): string | LsqLeadDetailInput[] | undefined {
  if (!requester) return undefined;
  if (requester.id) return requester.id;
  const details: LsqLeadDetailInput[] = [];
  if (requester.email) details.push({ SchemaName: 'LeadDetail.EmailAddress', Value: requester.email });
  if (requester.phone) details.push({ SchemaName: 'LeadDetail.Phone', Value: requester.phone });
  const [first, ...rest] = (requester.name ?? '').trim().split(/\s+/);
  if (first) details.push({ SchemaName: 'LeadDetail.FirstName', Value: first });
  if (rest.length > 0) details.push({ SchemaName: 'LeadDetail.LastName', Value: rest.join(' ') });
  return details.length > 0 ? details : undefined;
}
