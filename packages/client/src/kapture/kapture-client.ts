import {
  KapAddTicketRequest,
  KapAddTicketResponse,
  KapCustomerRequest,
  KapCustomerResponse,
  KapGetCustomerRequest,
  KapGetCustomerResponse,
  KapGetTicketsRequest,
  KapGetTicketsResponse,
  KapPullTicketsRequest,
  KapPullTicketsResponse,
  KapUpdateTicketRequest,
  KapUpdateTicketResponse,
} from '@deskwire/wire';
import type { Static, TSchema } from '@sinclair/typebox';
import { type DownloadStream, downloadStream } from '../core/download.js';
import { DeskwireClientError } from '../core/errors.js';
import { jsonBody, tryParseJson } from '../core/json.js';
import type { RateLimit } from '../core/limiter.js';
import { hostBase, operationUrl } from '../core/operation-url.js';
import {
  type CallOptions,
  type CommonClientOptions,
  type ResolvedCommonOptions,
  resolveCommonOptions,
} from '../core/options.js';
import { redactUrl } from '../core/redact.js';
import { createSeam, type Interpret, type Seam } from '../core/request.js';
import { checkRequest } from '../core/validate.js';
import type { TicketStatus } from '../normalized/model.js';
import { createKaptureAuth, type KaptureAuth, type KaptureTokens } from './kapture-auth.js';
import type { KapTenantFields, KaptureCalls } from './kapture-calls.js';
import { kapFailure, kapFailureMessage, kapResponse } from './kapture-errors.js';
import { KAPTURE_OPERATIONS, type KaptureOperation } from './kapture-operations.js';
import { KaptureTickets } from './kapture-tickets.js';

/**
 * Kapture documents no rate limit (vendor-apis.md §2.0); integrators pace themselves at one call per
 * 150–200 ms. 5 per second is that pace, and never more than 25 in any 5 s (Deskwire's default budget).
 */
export const KAPTURE_DEFAULT_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ max: 5, windowMs: 1000 });

/** Kapture's K1 example pairs `"date":"2024-04-19 14:19:11"` with 08:49:11 UTC: +05:30 (IST). */
export const KAPTURE_DEFAULT_UTC_OFFSET = '+05:30';

export interface KaptureClientOptions extends CommonClientOptions, KaptureTokens {
  /** `https://<subdomain>.kapturecrm.com`, or a Deskwire server (`http://127.0.0.1:8787`). */
  host: string | URL;
  /** The tenant's zone for its zone-less dates: `"+05:30"` or minutes east of UTC. Default `+05:30`. */
  utcOffset?: string | number;
  /** Also send `x-api-key` and `x-api-type: TICKET` (some deployments need them). Default true. */
  apiKeyHeaders?: boolean;
  /**
   * Normalized status per sub-status name or key, or status name (case-insensitive), over the
   * defaults: Open, In Progress, Reopened (OP, IN, CRS) → open; Pending (P) → pending; Resolved (RS)
   * → resolved; Closed (CL) → closed; else `status` Complete → closed, Pending → open.
   */
  statusMap?: Readonly<Record<string, TicketStatus>>;
}

/**
 * The Kapture CRM API: tickets (v.2.0, K1–K4) and customers (K5–K6), one typed method per endpoint, inputs and outputs the
 * wire types of `@deskwire/wire`. A `{"status":"failed"}` body is an error whatever the HTTP status.
 * Every method throws `DeskwireClientError`; `tickets` is the normalized view.
 *
 * @example
 * const kapture = new KaptureClient({ host: 'https://acme.kapturecrm.com', tokens: { get, add, update, pull } });
 * const [record] = await kapture.getTickets({ ticket_ids: '713516551148' });
 * const tickets = await kapture.tickets.getTickets(manyIds); // batched, 50 ids per call
 */
export class KaptureClient implements KaptureCalls {
  /** The tenant's zone, minutes east of UTC. */
  readonly utcOffsetMinutes: number;
  /** The normalized view: `getTicket`, `getTickets`, `listConversations`, `addNote`, `createTicket`, `updateTicket`. */
  readonly tickets: KaptureTickets;
  readonly #options: ResolvedCommonOptions;
  readonly #auth: KaptureAuth;
  readonly #seam: Seam;
  readonly #base: URL;

  constructor(options: KaptureClientOptions) {
    this.#auth = createKaptureAuth({ ...options, apiKeyHeaders: options.apiKeyHeaders ?? true });
    this.#options = resolveCommonOptions(options, KAPTURE_DEFAULT_RATE_LIMIT);
    this.#seam = createSeam(this.#options, this.#auth.scrub);
    this.#base = hostBase(options.host);
    const offset = options.utcOffset ?? KAPTURE_DEFAULT_UTC_OFFSET;
    const minutes = typeof offset === 'number' ? offset : parseOffset(offset);
    if (minutes === undefined || !Number.isInteger(minutes) || Math.abs(minutes) > 14 * 60) {
      throw new TypeError(`utcOffset must look like +05:30, got ${String(offset)}`);
    }
    this.utcOffsetMinutes = minutes;
    this.tickets = new KaptureTickets(this, {
      statusMap: options.statusMap ?? {},
      clock: this.#options.clock,
      utcOffsetMinutes: minutes,
    });
    Object.freeze(this);
  }

  /**
   * K1: adds a ticket, sent as the documented one-element array. Only `title` is mandatory; other
   * keys are tenant fields. A write: not retried once it may have reached the server.
   */
  async addTicket(body: KapAddTicketRequest & KapTenantFields, options?: CallOptions): Promise<KapAddTicketResponse> {
    return this.#call(KAPTURE_OPERATIONS.addTicket, KapAddTicketRequest, body, [body], KapAddTicketResponse, options);
  }

  /**
   * K2: updates a ticket, adds a `comment` (a note) or changes `sub_status` (a **key**, `CL`) or
   * `queue`; sent as the documented one-element array. A write.
   */
  async updateTicket(
    body: KapUpdateTicketRequest & KapTenantFields,
    options?: CallOptions,
  ): Promise<KapUpdateTicketResponse> {
    return this.#call(
      KAPTURE_OPERATIONS.updateTicket,
      KapUpdateTicketRequest,
      body,
      [body],
      KapUpdateTicketResponse,
      options,
    );
  }

  /**
   * K3: tickets by id, `ticket_ids` comma-separated (the vendor's batches hold up to 50); sent as an
   * **object** (an array is "Invalid Json."). Answers an array; unknown ids are absent.
   * `tickets.getTickets` batches any number of ids.
   */
  async getTickets(body: KapGetTicketsRequest, options?: CallOptions): Promise<KapGetTicketsResponse> {
    return this.#call(KAPTURE_OPERATIONS.getTickets, KapGetTicketsRequest, body, body, KapGetTicketsResponse, options);
  }

  /**
   * K4: tickets created in a date range (`YYYY-MM-DD`, at most 24 h of data per call). The list is in
   * `message`; a string there (no data) reads as `[]` and a lone object as `[object]`, as integrators
   * have seen both (vendor-apis.md §2.4).
   */
  async pullTickets(body: KapPullTicketsRequest, options?: CallOptions): Promise<KapPullTicketsResponse> {
    return this.#call(
      KAPTURE_OPERATIONS.pullTickets,
      KapPullTicketsRequest,
      body,
      [body],
      KapPullTicketsResponse,
      options,
      {
        reshape: reshapePull,
      },
    );
  }

  /**
   * K5: adds a customer, or updates the one with that `email` (else `phone`); sent as the documented
   * one-element array. The answer's `"Kapture Customer Id"` is a string (K6 gives it as a number).
   * Other keys (`address`, …) are kept on the customer. A write.
   */
  async addCustomer(body: KapCustomerRequest & KapTenantFields, options?: CallOptions): Promise<KapCustomerResponse> {
    return this.#call(KAPTURE_OPERATIONS.addCustomer, KapCustomerRequest, body, [body], KapCustomerResponse, options);
  }

  /**
   * K6: one customer by `kapture_customer_id`, else `email_id`, else `phone`; sent as the documented
   * array. No match is a `NOT_FOUND` error (the vendor's "Information given by you does not exist…").
   */
  async getCustomer(body: KapGetCustomerRequest, options?: CallOptions): Promise<KapGetCustomerResponse> {
    return this.#call(
      KAPTURE_OPERATIONS.getCustomer,
      KapGetCustomerRequest,
      body,
      [body],
      KapGetCustomerResponse,
      options,
    );
  }

  /** Streams an attachment URL (a ticket's `attachments[].url`, a chat message's). No token is sent. */
  async downloadAttachment(url: string, options?: CallOptions): Promise<DownloadStream> {
    return downloadStream(
      this.#seam,
      { operation: KAPTURE_OPERATIONS.downloadAttachment, url, call: options },
      (response, ctx) => {
        throw kapDownloadFailure(response, ctx);
      },
    );
  }

  async #call<T extends TSchema>(
    operation: KaptureOperation,
    requestSchema: TSchema,
    body: unknown,
    sent: unknown,
    responseSchema: T,
    call: CallOptions | undefined,
    extra: { reshape?: (body: unknown) => unknown } = {},
  ): Promise<Static<T>> {
    const url = operationUrl(this.#base, operation.path);
    if (this.#options.validateRequests) checkRequest(requestSchema, body, { operation, url });
    const credential = this.#auth.credentialFor(operation.api);
    if (!credential) {
      throw new DeskwireClientError({
        code: 'AUTH',
        message: `${operation.name}: no token was given for the '${operation.api}' API`,
        request: { operation: operation.name, method: operation.method, url: redactUrl(url), headers: {} },
        attempts: 0,
      });
    }
    const interpret: Interpret<Static<T>> = kapResponse(responseSchema, this.#options.validateResponses, extra.reshape);
    return this.#seam.send({ operation, url, credential, body: jsonBody(sent), call }, interpret);
  }
}

/** `+05:30` → 330, `-04:00` → -240, `Z` → 0; `undefined` for anything else. */
function parseOffset(value: string): number | undefined {
  if (value === 'Z' || value === 'UTC') return 0;
  const match = /^([+-])(\d{2}):([0-5]\d)$/.exec(value);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function reshapePull(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { message } = body as { message?: unknown };
  if (typeof message === 'string') return { ...body, message: [] };
  if (typeof message === 'object' && message !== null && !Array.isArray(message))
    return { ...body, message: [message] };
  return body;
}

/** A failed download: Kapture's shape if the body has it, else by status; an expired signed URL is URL_EXPIRED. */
function kapDownloadFailure(...[response, ctx]: Parameters<Interpret<never>>): DeskwireClientError {
  const body = tryParseJson(response.text);
  const error = kapFailure(response, ctx, kapFailureMessage(body) ?? undefined);
  const expired =
    response.status === 403 &&
    (/UrlExpired|has expired/i.test(response.text) ||
      (error.vendorMessage !== null && /expired/i.test(error.vendorMessage)));
  return expired
    ? ctx.fail({
        code: 'URL_EXPIRED',
        status: response.status,
        message: error.message,
        vendorMessage: error.vendorMessage,
        rawBody: response.text,
      })
    : error;
}
