import {
  AddNoteBody,
  AssignTicketBody,
  AttachmentListView,
  MeView,
  NATIVE_OPERATIONS,
  NativeCreateUserBody,
  NativeFieldListView,
  NativeIssuedKeyView,
  type NativeJournalQuery,
  NativeJournalView,
  NativePresenceBody,
  NativeReplyBody,
  type NativeTicketListQuery,
  type NativeTicketSearchQuery,
  NativeTicketView,
  NativeTokenListView,
  NativeUpdateTicketBody,
  NativeUpdateUserBody,
  NativeUserListView,
  NativeUserView,
  NoteView,
  PresenceView,
  QueuedReplyView,
  ThreadView,
  type TicketListItem,
  TicketPageView,
  TicketStateView,
} from '@deskwire/wire';
import type { Static, TSchema } from '@sinclair/typebox';
import type { CatalogueOperation } from '../core/catalogue-operation.js';
import { jsonBody } from '../core/json.js';
import type { RateLimit } from '../core/limiter.js';
import { hostBase, operationUrl } from '../core/operation-url.js';
import {
  type CallOptions,
  type CommonClientOptions,
  type ResolvedCommonOptions,
  resolveCommonOptions,
} from '../core/options.js';
import { createSeam, type Seam } from '../core/request.js';
import { checkRequest } from '../core/validate.js';
import { createLsqAuth, type LsqAuth } from '../leadsquared/leadsquared-auth.js';
import { nativeResponse } from './native-errors.js';
import { DESKWIRE_OPERATIONS } from './native-operations.js';

/** The tenant's default budget on a Deskwire server (25 calls per 5 s), as for LeadSquared keys. */
export const DESKWIRE_DEFAULT_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ max: 25, windowMs: 5000 });

export interface DeskwireClientOptions extends CommonClientOptions {
  /** The Deskwire server, e.g. `http://127.0.0.1:8787`. */
  host: string | URL;
  /** The tenant's org id: the `{orgId}` of every /api/v1 tenant path. */
  orgId: number;
  /** A key pair of a user of the tenant (what `deskwire key create` prints). */
  accessKey: string;
  secretKey: string;
}

export type TicketListFilters = Omit<NativeTicketListQuery, 'cursor'>;
export type TicketSearchFilters = Omit<NativeTicketSearchQuery, 'cursor' | 'q'>;

/**
 * Deskwire's own API (`/api/v1`, docs/api.md) with a key pair: ticket lists and search, and everything
 * a person does at a desk. Paths and operation names come from the catalogue (`NATIVE_OPERATIONS`);
 * every response is validated against its wire schema; every method throws `DeskwireClientError`
 * (its `vendorCode` is Deskwire's error code, e.g. `TicketNotFound`).
 *
 * @example
 * const desk = new DeskwireClient({ host: 'http://127.0.0.1:8787', orgId: 22824, accessKey, secretKey });
 * const { tickets, nextCursor } = await desk.listTickets({ status: 'Open', unassigned: 'true' });
 * for await (const t of desk.iterateTickets({ status: 'Open' })) console.log(t.key, t.title);
 */
export class DeskwireClient {
  readonly orgId: number;
  readonly #options: ResolvedCommonOptions;
  readonly #auth: LsqAuth;
  readonly #seam: Seam;
  readonly #base: URL;

  constructor(options: DeskwireClientOptions) {
    if (!Number.isSafeInteger(options.orgId) || options.orgId < 1) {
      throw new TypeError('orgId must be a positive integer');
    }
    this.orgId = options.orgId;
    this.#auth = createLsqAuth(options.accessKey, options.secretKey);
    this.#options = resolveCommonOptions(options, DESKWIRE_DEFAULT_RATE_LIMIT);
    this.#seam = createSeam(this.#options, this.#auth.scrub);
    this.#base = hostBase(options.host);
    Object.freeze(this);
  }

  /** The calling user and tenant. */
  me(options?: CallOptions): Promise<Static<typeof MeView>> {
    return this.#call(DESKWIRE_OPERATIONS.me, {}, MeView, undefined, options);
  }

  /** One page of tickets; pass `nextCursor` as `cursor` for the next. */
  listTickets(
    filters: TicketListFilters & { cursor?: string } = {},
    options?: CallOptions,
  ): Promise<Static<typeof TicketPageView>> {
    return this.#call(DESKWIRE_OPERATIONS.listTickets, {}, TicketPageView, undefined, options, filters);
  }

  /** One page of a full-text search (ranked, with `<mark>` snippets); a number, key, GUID, email or phone finds its ticket first. */
  searchTickets(
    q: string,
    filters: TicketSearchFilters & { cursor?: string } = {},
    options?: CallOptions,
  ): Promise<Static<typeof TicketPageView>> {
    return this.#call(DESKWIRE_OPERATIONS.searchTickets, {}, TicketPageView, undefined, options, { ...filters, q });
  }

  /** Every ticket of a list, page after page (each page one call). */
  async *iterateTickets(
    filters: TicketListFilters = {},
    options?: CallOptions,
  ): AsyncGenerator<Static<typeof TicketListItem>> {
    let cursor: string | undefined;
    do {
      const page = await this.listTickets({ ...filters, ...(cursor !== undefined && { cursor }) }, options);
      yield* page.tickets;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  getTicket(ref: number | string, options?: CallOptions): Promise<Static<typeof NativeTicketView>> {
    return this.#call(DESKWIRE_OPERATIONS.getTicket, { ref }, NativeTicketView, undefined, options);
  }

  /** Changes fields, validated against the tenant's lookups and mandatory rules. */
  updateTicket(
    ref: number | string,
    fields: NativeUpdateTicketBody['fields'],
    options?: CallOptions,
  ): Promise<Static<typeof NativeTicketView>> {
    return this.#call(
      DESKWIRE_OPERATIONS.updateTicket,
      { ref },
      NativeTicketView,
      { schema: NativeUpdateTicketBody, value: { fields } },
      options,
    );
  }

  /** Assigns to a user of the tenant; `null` unassigns. */
  assignTicket(
    ref: number | string,
    userId: string | null,
    options?: CallOptions,
  ): Promise<Static<typeof NativeTicketView>> {
    return this.#call(
      DESKWIRE_OPERATIONS.assignTicket,
      { ref },
      NativeTicketView,
      { schema: AssignTicketBody, value: { userId } },
      options,
    );
  }

  trashTicket(ref: number | string, options?: CallOptions): Promise<Static<typeof TicketStateView>> {
    return this.#call(DESKWIRE_OPERATIONS.trashTicket, { ref }, TicketStateView, undefined, options);
  }

  restoreTicket(ref: number | string, options?: CallOptions): Promise<Static<typeof TicketStateView>> {
    return this.#call(DESKWIRE_OPERATIONS.restoreTicket, { ref }, TicketStateView, undefined, options);
  }

  getThread(ref: number | string, options?: CallOptions): Promise<Static<typeof ThreadView>> {
    return this.#call(DESKWIRE_OPERATIONS.getThread, { ref }, ThreadView, undefined, options);
  }

  addNote(ref: number | string, note: AddNoteBody, options?: CallOptions): Promise<Static<typeof NoteView>> {
    return this.#call(DESKWIRE_OPERATIONS.addNote, { ref }, NoteView, { schema: AddNoteBody, value: note }, options);
  }

  /** Mails a reply to the customer (or stores an internal note with `internal: true`). */
  reply(ref: number | string, reply: NativeReplyBody, options?: CallOptions): Promise<Static<typeof QueuedReplyView>> {
    return this.#call(
      DESKWIRE_OPERATIONS.replyToCustomer,
      { ref },
      QueuedReplyView,
      { schema: NativeReplyBody, value: reply },
      options,
    );
  }

  listAttachments(ref: number | string, options?: CallOptions): Promise<Static<typeof AttachmentListView>> {
    return this.#call(DESKWIRE_OPERATIONS.listAttachments, { ref }, AttachmentListView, undefined, options);
  }

  listUsers(options?: CallOptions): Promise<Static<typeof NativeUserListView>> {
    return this.#call(DESKWIRE_OPERATIONS.listUsers, {}, NativeUserListView, undefined, options);
  }

  createUser(user: NativeCreateUserBody, options?: CallOptions): Promise<Static<typeof NativeUserView>> {
    return this.#call(
      DESKWIRE_OPERATIONS.createUser,
      {},
      NativeUserView,
      { schema: NativeCreateUserBody, value: user },
      options,
    );
  }

  updateUser(
    userId: string,
    patch: NativeUpdateUserBody,
    options?: CallOptions,
  ): Promise<Static<typeof NativeUserView>> {
    return this.#call(
      DESKWIRE_OPERATIONS.updateUser,
      { userId },
      NativeUserView,
      { schema: NativeUpdateUserBody, value: patch },
      options,
    );
  }

  createKey(userId: string, options?: CallOptions): Promise<Static<typeof NativeIssuedKeyView>> {
    return this.#call(DESKWIRE_OPERATIONS.createKey, { userId }, NativeIssuedKeyView, undefined, options);
  }

  async revokeKey(accessKey: string, options?: CallOptions): Promise<void> {
    await this.#call(DESKWIRE_OPERATIONS.revokeKey, { accessKey }, undefined, undefined, options);
  }

  listTokens(options?: CallOptions): Promise<Static<typeof NativeTokenListView>> {
    return this.#call(DESKWIRE_OPERATIONS.listTokens, {}, NativeTokenListView, undefined, options);
  }

  async revokeToken(tokenId: string, options?: CallOptions): Promise<void> {
    await this.#call(DESKWIRE_OPERATIONS.revokeToken, { tokenId }, undefined, undefined, options);
  }

  listLookups(options?: CallOptions) {
    const op = NATIVE_OPERATIONS.listLookups;
    return this.#call(DESKWIRE_OPERATIONS.listLookups, {}, op.response, undefined, options);
  }

  listFields(options?: CallOptions): Promise<Static<typeof NativeFieldListView>> {
    return this.#call(DESKWIRE_OPERATIONS.listFields, {}, NativeFieldListView, undefined, options);
  }

  /** The other agents on a ticket: who is viewing it, who is writing a reply (docs/api.md "Presence"). */
  getPresence(ref: number | string, options?: CallOptions): Promise<Static<typeof PresenceView>> {
    return this.#call(DESKWIRE_OPERATIONS.getPresence, { ref }, PresenceView, undefined, options);
  }

  /** Heartbeat on a ticket (lapses after `ttlSeconds` unless renewed); answers the others present. */
  setPresence(
    ref: number | string,
    activity: NativePresenceBody['activity'],
    options?: CallOptions,
  ): Promise<Static<typeof PresenceView>> {
    return this.#call(
      DESKWIRE_OPERATIONS.setPresence,
      { ref },
      PresenceView,
      { schema: NativePresenceBody, value: { activity } },
      options,
    );
  }

  async leavePresence(ref: number | string, options?: CallOptions): Promise<void> {
    await this.#call(DESKWIRE_OPERATIONS.leavePresence, { ref }, undefined, undefined, options);
  }

  /** The tenant's sandbox request journal, newest first (Admin, sandbox on); pass `cursor` back as `after`. */
  listJournal(query: NativeJournalQuery = {}, options?: CallOptions): Promise<Static<typeof NativeJournalView>> {
    return this.#call(DESKWIRE_OPERATIONS.listJournal, {}, NativeJournalView, undefined, options, query);
  }

  async #call<T extends TSchema>(
    operation: CatalogueOperation,
    params: Readonly<Record<string, string | number>>,
    schema: T | undefined,
    body: { schema: TSchema; value: unknown } | undefined,
    call: CallOptions | undefined,
    query?: Readonly<Record<string, string | undefined>>,
  ): Promise<Static<T>> {
    const url = operationUrl(this.#base, operation.path, { orgId: this.orgId, ...params });
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    if (body && this.#options.validateRequests) checkRequest(body.schema, body.value, { operation, url });
    return this.#seam.send(
      { operation, url, credential: this.#auth.credential, ...(body && { body: jsonBody(body.value) }), call },
      nativeResponse(schema, this.#options.validateResponses),
    );
  }
}
