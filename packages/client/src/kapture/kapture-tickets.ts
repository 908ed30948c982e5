import { KAP_MAX_TICKET_IDS, type KapAddTicketRequest, type KapChatEntry, type KapTicketRecord } from '@deskwire/wire';
import type { Clock } from '../core/clock.js';
import type { ClientErrorCode } from '../core/error-codes.js';
import { DeskwireClientError } from '../core/errors.js';
import type { CallOptions } from '../core/options.js';
import { redactUrl } from '../core/redact.js';
import type { Operation } from '../core/request.js';
import { downloadWithRefresh } from '../normalized/download-with-refresh.js';
import type {
  Attachment,
  AttachmentDownload,
  Conversation,
  NoteReceipt,
  Ticket,
  TicketRef,
  TicketStatus,
} from '../normalized/model.js';
import type { NewTicket, TicketClient, TicketId, TicketPatch } from '../normalized/ticket-client.js';
import type { KapTenantFields, KaptureCalls } from './kapture-calls.js';
import {
  type KapNormalizeOptions,
  kapConversations,
  kapRecordTicket,
  kapTicketAttachments,
  kapTicketRef,
} from './kapture-normalize.js';
import { KAPTURE_OPERATIONS } from './kapture-operations.js';

/** The normalized view of a `KaptureClient` (`client.tickets`). */
export class KaptureTickets implements TicketClient<KapTicketRecord, KapChatEntry> {
  readonly vendor = 'kapture' as const;
  readonly #client: KaptureCalls;
  readonly #normalize: KapNormalizeOptions;
  readonly #clock: Clock;

  constructor(
    client: KaptureCalls,
    options: { statusMap: Readonly<Record<string, TicketStatus>>; utcOffsetMinutes: number; clock: Clock },
  ) {
    this.#client = client;
    this.#normalize = { statusMap: options.statusMap, utcOffsetMinutes: options.utcOffsetMinutes };
    this.#clock = options.clock;
  }

  /** K3 for one id; `NOT_FOUND` when the vendor answers no record. */
  async getTicket(id: TicketId, options?: CallOptions): Promise<Ticket<KapTicketRecord>> {
    return kapRecordTicket(await this.#record(id, {}, options), this.#normalize);
  }

  /**
   * K3 in batches of up to 50 ids (the vendor's batch size, vendor-apis.md §2.3), the batches queued
   * by the limiter; the tickets come back in the order asked, each once, unknown ids left out.
   */
  async getTickets(ids: readonly TicketId[], options: CallOptions = {}): Promise<Ticket<KapTicketRecord>[]> {
    const distinct = [...new Set(ids.map((id) => String(id).trim()).filter((id) => id !== ''))];
    const batches: string[][] = [];
    for (let at = 0; at < distinct.length; at += KAP_MAX_TICKET_IDS)
      batches.push(distinct.slice(at, at + KAP_MAX_TICKET_IDS));
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const answers = await Promise.all(
      batches.map((batch) =>
        this.#client.getTickets({ ticket_ids: batch.join(',') }, { ...options, signal }).catch((error: unknown) => {
          stop.abort();
          throw error;
        }),
      ),
    );
    const byId = new Map(answers.flat().map((record) => [record.task_details.ticketId, record] as const));
    return distinct.flatMap((id) => {
      const record = byId.get(id);
      return record ? [kapRecordTicket(record, this.#normalize)] : [];
    });
  }

  /** K3 with `conversation_type: "all"` and the email bodies: messages and notes, oldest first. */
  async listConversations(id: TicketId, options?: CallOptions): Promise<Conversation<KapChatEntry>[]> {
    const record = await this.#record(id, { conversation_type: 'all', include_emailbody: '1' }, options);
    return kapConversations(record, this.#normalize);
  }

  /** K2 with a `comment`. The vendor returns no note id. */
  async addNote(id: TicketId, text: string, options?: CallOptions): Promise<NoteReceipt> {
    const response = await this.#client.updateTicket({ ticket_id: String(id), comment: text }, options);
    return { vendor: 'kapture', ticketId: response.ticket.ticketId, noteId: null, raw: response };
  }

  /**
   * K1. `status` is a sub-status key (`OP`); the requester becomes `email_id`, `phone`,
   * `customer_name` (and `customer_id`); `fields` are sent as tenant fields. Kapture has no upload API.
   */
  async createTicket(input: NewTicket, options?: CallOptions): Promise<TicketRef> {
    if (input.files && input.files.length > 0)
      throw this.#unsupported(KAPTURE_OPERATIONS.addTicket, 'Kapture has no file upload API');
    const requester = input.requester ?? {};
    const body: KapAddTicketRequest & KapTenantFields = {
      ...input.fields,
      title: input.title,
      ...(input.description !== undefined && { ticket_details: input.description }),
      ...(requester.email !== undefined && { email_id: requester.email }),
      ...(requester.phone !== undefined && { phone: requester.phone }),
      ...(requester.name !== undefined && { customer_name: requester.name }),
      ...(requester.id !== undefined && { customer_id: requester.id }),
      ...(input.priority !== undefined && { priority: input.priority }),
      ...(input.status !== undefined && { sub_status: input.status }),
    };
    return kapTicketRef(await this.#client.addTicket(body, options));
  }

  /**
   * K2: `status` is a sub-status **key** (`CL`); `fields` go as K2 keys (`queue`, `disposition`,
   * `callback_time`) or tenant fields. K2 cannot change a title, description or priority, nor upload.
   */
  async updateTicket(id: TicketId, patch: TicketPatch, options?: CallOptions): Promise<TicketRef> {
    const operation = KAPTURE_OPERATIONS.updateTicket;
    for (const key of ['title', 'description', 'priority'] as const) {
      if (patch[key] !== undefined) throw this.#unsupported(operation, `Kapture's update API cannot change the ${key}`);
    }
    if (patch.files && patch.files.length > 0) throw this.#unsupported(operation, 'Kapture has no file upload API');
    const body = {
      ...patch.fields,
      ticket_id: String(id),
      ...(patch.status !== undefined && { sub_status: patch.status }),
    };
    return kapTicketRef(await this.#client.updateTicket(body, options));
  }

  /** Streams an attachment; an expired signed URL is refreshed once by reading the ticket again. */
  async downloadAttachment(attachment: Attachment, options?: CallOptions): Promise<AttachmentDownload> {
    return downloadWithRefresh(attachment, {
      now: () => this.#clock.now(),
      download: (url) => this.#client.downloadAttachment(url, options),
      refresh: (current) => this.#fresh(current, options),
    });
  }

  async #fresh(attachment: Attachment, options?: CallOptions): Promise<Attachment> {
    let candidates: Attachment[];
    if (attachment.conversationId === null) {
      const record = await this.#record(attachment.ticketId, {}, options);
      candidates = kapTicketAttachments(record.task_details);
    } else {
      const conversations = await this.listConversations(attachment.ticketId, options);
      candidates = conversations.find((c) => c.id === attachment.conversationId)?.attachments ?? [];
    }
    const match = candidates.find((a) => a.fileName === attachment.fileName);
    if (match) return match;
    throw this.#error(
      'NOT_FOUND',
      KAPTURE_OPERATIONS.downloadAttachment,
      `'${attachment.fileName}' is no longer listed on ticket ${attachment.ticketId}`,
      attachment.url,
    );
  }

  async #record(
    id: TicketId,
    flags: { conversation_type?: string; include_emailbody?: string },
    options?: CallOptions,
  ) {
    const ticketId = String(id).trim();
    const [record] = await this.#client.getTickets({ ticket_ids: ticketId, ...flags }, options);
    if (!record) throw this.#error('NOT_FOUND', KAPTURE_OPERATIONS.getTickets, `no ticket '${ticketId.slice(0, 40)}'`);
    return record;
  }

  #unsupported(operation: Operation & { readonly path?: string }, why: string): DeskwireClientError {
    return this.#error('UNSUPPORTED', operation, why);
  }

  #error(
    code: ClientErrorCode,
    operation: Operation & { readonly path?: string },
    message: string,
    url?: string,
  ): DeskwireClientError {
    return new DeskwireClientError({
      code,
      message: `${operation.name}: ${message}`,
      request: {
        operation: operation.name,
        method: operation.method,
        url: url ? redactUrl(url) : (operation.path ?? ''),
        headers: {},
      },
      attempts: 0,
    });
  }
}
