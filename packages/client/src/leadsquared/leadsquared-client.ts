import {
  LsqConversationFilterRequest,
  LsqConversationFilterResponse,
  LsqCreateTicketRequest,
  LsqFieldFilterRequest,
  LsqFieldFilterResponse,
  LsqGetTicketResponse,
  LsqInternalNoteRequest,
  LsqInternalNoteResponse,
  LsqLookupValuesResponse,
  LsqPortalActivityRequest,
  LsqPortalActivityResponse,
  LsqTicketWriteResponse,
  LsqTrashRequest,
  LsqTrashResponse,
  LsqUpdateTicketRequest,
} from '@deskwire/wire';
import type { Static, TSchema } from '@sinclair/typebox';
import type { CatalogueOperation } from '../core/catalogue-operation.js';
import { type DownloadStream, downloadStream } from '../core/download.js';
import { jsonBody } from '../core/json.js';
import type { RateLimit } from '../core/limiter.js';
import { multipartBody } from '../core/multipart.js';
import { hostBase, operationUrl } from '../core/operation-url.js';
import {
  type CallOptions,
  type CommonClientOptions,
  type ResolvedCommonOptions,
  resolveCommonOptions,
} from '../core/options.js';
import { createSeam, type Operation, type Seam } from '../core/request.js';
import { prepareUploads, type UploadInput, uploadsReplayable } from '../core/upload.js';
import { checkRequest } from '../core/validate.js';
import type { TicketStatus } from '../normalized/model.js';
import { createLsqAuth, type LsqAuth } from './leadsquared-auth.js';
import type { LeadSquaredCalls, UploadCallOptions } from './leadsquared-calls.js';
import { lsqFailure, lsqResponse } from './leadsquared-errors.js';
import { LSQ_OPERATIONS } from './leadsquared-operations.js';
import { LeadSquaredTickets } from './leadsquared-tickets.js';

/**
 * The vendor's documented budget: "API calls exceeded the limit of 25 in 5 second(s)"
 * (https://apidocs.leadsquared.com/delete-tickets; vendor-apis.md §1.0 "Rate limit").
 */
export const LSQ_DEFAULT_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ max: 25, windowMs: 5000 });

export interface LeadSquaredClientOptions extends CommonClientOptions {
  /**
   * Base URL of the tenant's API host, from the account manager (vendor-apis.md §1.0), e.g.
   * `https://apigw.service-in.leadsquared.com`, or a Deskwire server (`http://127.0.0.1:8787`).
   */
  host: string | URL;
  /** Host of L10 (field metadata): the vendor serves it from `api.` where the rest use `apigw.`. Default `host`. */
  metadataHost?: string | URL;
  /** The account number (`22824`): the `{orgId}` of every path. */
  orgId: number;
  accessKey: string;
  secretKey: string;
  /**
   * Normalized status of each tenant Status value (case-insensitive), merged over the defaults:
   * Open, New, Reopened, In Progress → open; On Hold, Pending, Waiting → pending; Resolved → resolved;
   * Closed → closed; anything else → other.
   */
  statusMap?: Readonly<Record<string, TicketStatus>>;
}

/**
 * The LeadSquared Service CRM ticket API (L1–L10), one typed method per endpoint. Inputs and
 * outputs are the wire types of `@deskwire/wire`; every response is validated against its schema.
 * Every method throws `DeskwireClientError`. `tickets` is the normalized view.
 *
 * @example
 * const lsq = new LeadSquaredClient({ host: 'http://127.0.0.1:8787', orgId: 22824, accessKey, secretKey });
 * const ticket = await lsq.getTicket(143);                    // LsqGetTicketResponse
 * const same = await lsq.tickets.getTicket('143');            // normalized Ticket
 */
export class LeadSquaredClient implements LeadSquaredCalls {
  readonly orgId: number;
  /** The normalized view: `getTicket`, `getTickets`, `listConversations`, `addNote`, `createTicket`, `updateTicket`. */
  readonly tickets: LeadSquaredTickets;
  readonly #options: ResolvedCommonOptions;
  readonly #auth: LsqAuth;
  readonly #seam: Seam;
  readonly #base: URL;
  readonly #metadataBase: URL;

  constructor(options: LeadSquaredClientOptions) {
    if (!Number.isSafeInteger(options.orgId) || options.orgId < 1)
      throw new TypeError('orgId must be a positive integer');
    this.orgId = options.orgId;
    this.#auth = createLsqAuth(options.accessKey, options.secretKey);
    this.#options = resolveCommonOptions(options, LSQ_DEFAULT_RATE_LIMIT);
    this.#seam = createSeam(this.#options, this.#auth.scrub);
    this.#base = hostBase(options.host);
    this.#metadataBase = hostBase(options.metadataHost ?? options.host);
    this.tickets = new LeadSquaredTickets(this, { statusMap: options.statusMap ?? {}, clock: this.#options.clock });
    Object.freeze(this);
  }

  /**
   * L1: creates a ticket (JSON). `TypeId` is the string `"1"`, `RelatedTicketTypeId` the number `1`.
   * A write: never retried once it may have reached the server, unless `retryUnsafe`.
   * https://apidocs.leadsquared.com/create-tickets/
   */
  async createTicket(body: LsqCreateTicketRequest, options?: CallOptions): Promise<LsqTicketWriteResponse> {
    const operation = LSQ_OPERATIONS.createTicket;
    const url = this.#url(operation);
    this.#check(LsqCreateTicketRequest, body, operation, url);
    return this.#send(operation, url, LsqTicketWriteResponse, { body: jsonBody(body), call: options });
  }

  /**
   * L2: creates a ticket with files (multipart: `ticketDTO` + repeated `files`), each streamed from
   * a path, `Blob`, `Buffer` or stream. https://apidocs.leadsquared.com/create-ticket-with-attachments/
   */
  async createTicketWithAttachments(
    body: LsqCreateTicketRequest,
    files: readonly UploadInput[],
    options?: CallOptions,
  ): Promise<LsqTicketWriteResponse> {
    const operation = LSQ_OPERATIONS.createTicket;
    const url = this.#url(operation);
    this.#check(LsqCreateTicketRequest, body, operation, url);
    return this.#send(operation, url, LsqTicketWriteResponse, {
      body: ticketForm(body, files),
      replayable: uploadsReplayable(files),
      call: options,
    });
  }

  /**
   * L3: updates a ticket (multipart, the only documented update): only the `Fields` sent change;
   * `files` are appended. The ticket is `body.Id`. https://apidocs.leadsquared.com/update-a-ticket-with-attachments/
   */
  async updateTicket(body: LsqUpdateTicketRequest, options: UploadCallOptions = {}): Promise<LsqTicketWriteResponse> {
    const { files = [], ...call } = options;
    const operation = LSQ_OPERATIONS.updateTicket;
    const url = this.#url(operation, { ticketRef: String(body.Id) });
    this.#check(LsqUpdateTicketRequest, body, operation, url);
    return this.#send(operation, url, LsqTicketWriteResponse, {
      body: ticketForm(body, files),
      replayable: uploadsReplayable(files),
      call,
    });
  }

  /**
   * L4: a ticket by number (`143`), key (`"#143"`) or GUID. `TypeId` comes back as the string `"null"`.
   * https://apidocs.leadsquared.com/get-a-tickets-details-by-id/
   */
  async getTicket(ticket: number | string, options?: CallOptions): Promise<LsqGetTicketResponse> {
    const operation = LSQ_OPERATIONS.getTicket;
    const url = this.#url(operation, { ticketRef: String(ticket) });
    return this.#send(operation, url, LsqGetTicketResponse, { call: options });
  }

  /**
   * L5: a ticket's conversations of the given kinds, oldest first. `TicketId` is the number as a JSON
   * number; `OrgId` repeats the account. Internal notes are never listed. https://apidocs.leadsquared.com/get-ticket-conversations/
   */
  async getTicketConversations(
    body: LsqConversationFilterRequest,
    options?: CallOptions,
  ): Promise<LsqConversationFilterResponse> {
    const operation = LSQ_OPERATIONS.getTicketConversations;
    const url = this.#url(operation);
    this.#check(LsqConversationFilterRequest, body, operation, url);
    return this.#send(operation, url, LsqConversationFilterResponse, { body: jsonBody(body), call: options });
  }

  /**
   * L6: posts an internal note. `StorageType` is the vendor's spelling `"Permament"`. The response
   * has no `Status` and its ids are strings. https://apidocs.leadsquared.com/post-an-internal-note-on-a-ticket-2/
   */
  async postInternalNote(body: LsqInternalNoteRequest, options?: CallOptions): Promise<LsqInternalNoteResponse> {
    const operation = LSQ_OPERATIONS.postInternalNote;
    const url = this.#url(operation);
    this.#check(LsqInternalNoteRequest, body, operation, url);
    return this.#send(operation, url, LsqInternalNoteResponse, { body: jsonBody(body), call: options });
  }

  /**
   * L7: records a customer-side portal action (`Direction: "INBOUND"`); it is listed as `PortalInbound`.
   * https://apidocs.leadsquared.com/?p=5010
   */
  async addPortalActivity(
    ticket: number | string,
    body: LsqPortalActivityRequest,
    options?: CallOptions,
  ): Promise<LsqPortalActivityResponse> {
    const operation = LSQ_OPERATIONS.addPortalActivity;
    const url = this.#url(operation, { ticketRef: String(ticket) });
    this.#check(LsqPortalActivityRequest, body, operation, url);
    return this.#send(operation, url, LsqPortalActivityResponse, { body: jsonBody(body), call: options });
  }

  /**
   * L8 (Admin): trashes tickets. Numbers go in as strings and come back as numbers; ids that could
   * not be trashed are in `FailedIds` (HTTP 200). https://apidocs.leadsquared.com/delete-tickets
   */
  async trashTickets(body: LsqTrashRequest, options?: CallOptions): Promise<LsqTrashResponse> {
    const operation = LSQ_OPERATIONS.trashTickets;
    const url = this.#url(operation);
    this.#check(LsqTrashRequest, body, operation, url);
    return this.#send(operation, url, LsqTrashResponse, { body: jsonBody(body), call: options });
  }

  /**
   * L9 (Admin): a lookup's values (documented for `SubType`; Deskwire serves every lookup field).
   * https://apidocs.leadsquared.com/?p=5102
   */
  async getLookupValues(schemaName: string, options?: CallOptions): Promise<LsqLookupValuesResponse> {
    const operation = LSQ_OPERATIONS.getLookupValues;
    const url = this.#url(operation, { schemaName: String(schemaName) });
    return this.#send(operation, url, LsqLookupValuesResponse, { call: options });
  }

  /**
   * L10 (Admin): ticket field metadata, from `metadataHost`. `ticketTypeId` defaults to 1 (the only
   * documented one). https://apidocs.leadsquared.com/?p=5117
   */
  async getTicketFieldsMetadata(
    body: LsqFieldFilterRequest,
    options: CallOptions & { ticketTypeId?: number } = {},
  ): Promise<LsqFieldFilterResponse> {
    const { ticketTypeId = 1, ...call } = options;
    const operation = LSQ_OPERATIONS.getTicketFieldsMetadata;
    const url = this.#url(operation, { typeId: String(ticketTypeId) }, this.#metadataBase);
    this.#check(LsqFieldFilterRequest, body, operation, url);
    return this.#send(operation, url, LsqFieldFilterResponse, { body: jsonBody(body), call });
  }

  /**
   * Streams a conversation attachment from its signed `ContentPath`. No API keys are sent (the
   * vendor's URLs point at an object store) and no rate-limit budget is spent. An expired URL is
   * `URL_EXPIRED`; `tickets.downloadAttachment` fetches a fresh one by itself.
   */
  async downloadAttachment(contentPath: string, options?: CallOptions): Promise<DownloadStream> {
    return downloadStream(
      this.#seam,
      { operation: LSQ_OPERATIONS.downloadAttachment, url: contentPath, call: options },
      (response, ctx) => {
        throw lsqFailure(response, ctx);
      },
    );
  }

  /** The operation's catalogue path on `base`, `{orgId}` and the other parameters filled in. */
  #url(operation: CatalogueOperation, params: Readonly<Record<string, string>> = {}, base = this.#base): URL {
    return operationUrl(base, operation.path, { orgId: this.orgId, ...params });
  }

  #check<T extends TSchema>(schema: T, body: unknown, operation: Operation, url: URL): void {
    if (this.#options.validateRequests) checkRequest(schema, body, { operation, url });
  }

  #send<T extends TSchema>(
    operation: Operation,
    url: URL,
    schema: T,
    init: { body?: ReturnType<typeof jsonBody>; replayable?: boolean; call: CallOptions | undefined },
  ): Promise<Static<T>> {
    return this.#seam.send(
      { operation, url, credential: this.#auth.credential, ...init },
      lsqResponse(schema, this.#options.validateResponses),
    );
  }
}

/** The L2/L3 form: a text part `ticketDTO` holding the JSON, then one `files` part per file. */
function ticketForm(dto: unknown, files: readonly UploadInput[]) {
  const json = JSON.stringify(dto);
  return async () =>
    multipartBody({ fields: [['ticketDTO', json]], fileField: 'files', files: await prepareUploads(files) });
}
