import type {
  AddNoteBody,
  CreateWebhookBody,
  DeliveryView,
  NativeCreateUserBody,
  NativeFaultRuleBody,
  NativeJournalView,
  NativeReplyBody,
  NativeTicketView,
  NativeUpdateUserBody,
  NativeUserView,
  PresenceActivity,
  PresenceView,
  SessionView,
  SignInBody,
  TicketPageView,
  UpdateWebhookBody,
  WebhookView,
} from '@deskwire/wire';
import type { AddFieldBody, CreateTokenBody } from '@deskwire/wire/sandbox';
import { HttpClient } from './http-client.js';
import { routePath } from './native-routes.js';

/** One entry of a ticket's thread (a conversation or an internal note), as `GET …/thread` returns it. */
export interface ThreadEntry {
  id: number;
  kind: 'conversation' | 'note';
  type: string;
  html: string | null;
  text: string | null;
  createdBy: string;
  createdAt: string;
  attachments: Attachment[];
}

export interface Attachment {
  id: string;
  fileName: string;
  size: number;
  contentType: string;
  url: string;
}

export interface FieldDefinition {
  schemaName: string;
  displayName: string;
  dataType: string;
  lookupSchema: string | null;
  isMandatory: boolean;
  sequence: number;
}

export interface Lookup {
  schemaName: string;
  values: string[];
}

/** A sandbox fault rule as the server lists it (docs/sandbox.md "Fault rules"). */
export interface FaultRuleView {
  id: string;
  orgId: number | null;
  operation: string;
  probability: number;
  times: number | null;
  latency: { type: string; ms?: number; minMs?: number; maxMs?: number; medianMs?: number } | null;
  respond: { status: number; body?: unknown; rawBody?: string } | null;
  drop: boolean;
  fired: number;
  createdAt: string;
}

/** Filters of the request journal (docs/api.md "Sandbox"), as query strings. */
export interface JournalFilters {
  operation?: string;
  status?: string;
  limit?: string;
  after?: string;
}

export interface KaptureTokenView {
  id: string;
  api: string;
  userId: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Filters of the list and the search (docs/api.md "Lists and search"), as query strings. */
export interface TicketFilters {
  status?: string;
  priority?: string;
  assignee?: string;
  mine?: 'true';
  unassigned?: 'true';
  trashed?: 'true';
  limit?: string;
  cursor?: string;
  sort?: string;
}

/**
 * Deskwire's own API as the console uses it: one method per operation, typed by the contract in
 * @deskwire/wire. The session's CSRF token is kept here after sign-in (or a reload's `GET /session`).
 */
export class NativeApi {
  readonly http = new HttpClient();

  async signIn(body: SignInBody): Promise<SessionView> {
    return this.#remember(await this.http.call<SessionView>('POST', routePath('session', {}), body));
  }

  /** The current session after a reload; `ApiCallError` 401 when there is none. */
  async currentSession(): Promise<SessionView> {
    return this.#remember(await this.http.call<SessionView>('GET', routePath('session', {})));
  }

  async signOut(): Promise<void> {
    await this.http.call('DELETE', routePath('session', {}));
    this.http.csrfToken = undefined;
  }

  listTickets(orgId: number, filters: TicketFilters, signal?: AbortSignal): Promise<TicketPageView> {
    return this.http.call('GET', routePath('tickets', { orgId }, { ...filters }), undefined, signal);
  }

  searchTickets(orgId: number, q: string, filters: TicketFilters, signal?: AbortSignal): Promise<TicketPageView> {
    const { sort: _sort, ...rest } = filters;
    return this.http.call('GET', routePath('search', { orgId }, { ...rest, q }), undefined, signal);
  }

  ticket(orgId: number, ref: string, signal?: AbortSignal): Promise<NativeTicketView> {
    return this.http.call('GET', routePath('ticket', { orgId, ref }), undefined, signal);
  }

  updateFields(orgId: number, ref: string, fields: Record<string, string | number | boolean | null>) {
    return this.http.call<NativeTicketView>('PATCH', routePath('ticket', { orgId, ref }), { fields });
  }

  assign(orgId: number, ref: string, userId: string | null) {
    return this.http.call<NativeTicketView>('PUT', routePath('assignee', { orgId, ref }), { userId });
  }

  trash(orgId: number, ref: string) {
    return this.http.call<unknown>('POST', routePath('trash', { orgId, ref }));
  }

  restore(orgId: number, ref: string) {
    return this.http.call<unknown>('POST', routePath('restore', { orgId, ref }));
  }

  thread(orgId: number, ref: string, signal?: AbortSignal): Promise<{ entries: ThreadEntry[] }> {
    return this.http.call('GET', routePath('thread', { orgId, ref }), undefined, signal);
  }

  addNote(orgId: number, ref: string, body: AddNoteBody) {
    return this.http.call<{ id: number }>('POST', routePath('notes', { orgId, ref }), body);
  }

  reply(orgId: number, ref: string, body: NativeReplyBody) {
    return this.http.call<unknown>('POST', routePath('replies', { orgId, ref }), body);
  }

  users(orgId: number, signal?: AbortSignal): Promise<{ users: NativeUserView[] }> {
    return this.http.call('GET', routePath('users', { orgId }), undefined, signal);
  }

  createUser(orgId: number, body: NativeCreateUserBody) {
    return this.http.call<NativeUserView>('POST', routePath('users', { orgId }), body);
  }

  updateUser(orgId: number, userId: string, body: NativeUpdateUserBody) {
    return this.http.call<NativeUserView>('PATCH', routePath('user', { orgId, userId }), body);
  }

  issueKey(orgId: number, userId: string) {
    return this.http.call<{ userId: string; accessKey: string; secretKey: string }>(
      'POST',
      routePath('userKeys', { orgId, userId }),
    );
  }

  revokeKey(orgId: number, accessKey: string) {
    return this.http.call<void>('DELETE', routePath('key', { orgId, accessKey }));
  }

  tokens(orgId: number, signal?: AbortSignal): Promise<{ tokens: KaptureTokenView[] }> {
    return this.http.call('GET', routePath('tokens', { orgId }), undefined, signal);
  }

  issueToken(orgId: number, body: CreateTokenBody) {
    return this.http.call<{ token: string; id: string; api: string }>('POST', routePath('tokens', { orgId }), body);
  }

  revokeToken(orgId: number, tokenId: string) {
    return this.http.call<void>('DELETE', routePath('token', { orgId, tokenId }));
  }

  lookups(orgId: number, signal?: AbortSignal): Promise<{ lookups: Lookup[] }> {
    return this.http.call('GET', routePath('lookups', { orgId }), undefined, signal);
  }

  setLookup(orgId: number, schemaName: string, values: string[]) {
    return this.http.call<Lookup>('PUT', routePath('lookup', { orgId, schemaName }), { values });
  }

  fields(orgId: number, signal?: AbortSignal): Promise<{ fields: FieldDefinition[] }> {
    return this.http.call('GET', routePath('fields', { orgId }), undefined, signal);
  }

  addField(orgId: number, body: AddFieldBody) {
    return this.http.call<FieldDefinition>('POST', routePath('fields', { orgId }), body);
  }

  /** The tenant's inbound addresses (Admin), as stored: trimmed and lower-cased. */
  mailboxes(orgId: number, signal?: AbortSignal): Promise<{ orgId: number; addresses: string[] }> {
    return this.http.call('GET', routePath('mailboxes', { orgId }), undefined, signal);
  }

  addMailbox(orgId: number, address: string) {
    return this.http.call<{ orgId: number; address: string }>('POST', routePath('mailboxes', { orgId }), { address });
  }

  removeMailbox(orgId: number, address: string) {
    return this.http.call<void>('DELETE', routePath('mailbox', { orgId, address }));
  }

  webhooks(orgId: number, signal?: AbortSignal): Promise<{ webhooks: WebhookView[] }> {
    return this.http.call('GET', routePath('webhooks', { orgId }), undefined, signal);
  }

  /** The one response that carries the endpoint's signing secret. */
  createWebhook(orgId: number, body: CreateWebhookBody) {
    return this.http.call<{ webhook: WebhookView; secret: string }>('POST', routePath('webhooks', { orgId }), body);
  }

  updateWebhook(orgId: number, webhookId: string, body: UpdateWebhookBody) {
    return this.http.call<WebhookView>('PATCH', routePath('webhook', { orgId, webhookId }), body);
  }

  deleteWebhook(orgId: number, webhookId: string) {
    return this.http.call<void>('DELETE', routePath('webhook', { orgId, webhookId }));
  }

  /** The delivery log, newest first; `status` keeps one state only (empty: all). */
  deliveries(
    orgId: number,
    webhookId: string,
    status: '' | DeliveryView['status'],
    signal?: AbortSignal,
  ): Promise<{ deliveries: DeliveryView[] }> {
    const query = { limit: '50', status };
    return this.http.call('GET', routePath('deliveries', { orgId, webhookId }, query), undefined, signal);
  }

  redeliver(orgId: number, webhookId: string, deliveryId: string) {
    return this.http.call<{ queued: number }>('POST', routePath('redeliver', { orgId, webhookId }), { deliveryId });
  }

  /** The others on a ticket (never the caller). */
  presence(orgId: number, ref: string, signal?: AbortSignal): Promise<PresenceView> {
    return this.http.call('GET', routePath('presence', { orgId, ref }), undefined, signal);
  }

  /** Heartbeat: renews the caller's presence (it lapses after `ttlSeconds`); answers the others. */
  beat(orgId: number, ref: string, activity: PresenceActivity): Promise<PresenceView> {
    return this.http.call('PUT', routePath('presence', { orgId, ref }), { activity });
  }

  leave(orgId: number, ref: string): Promise<void> {
    return this.http.call('DELETE', routePath('presence', { orgId, ref }));
  }

  /** Whether the server runs with the sandbox on (Admin). */
  sandbox(orgId: number, signal?: AbortSignal): Promise<{ enabled: boolean }> {
    return this.http.call('GET', routePath('sandbox', { orgId }), undefined, signal);
  }

  /** The tenant's request journal, newest first; `after` the previous `cursor` gives only what is new. */
  journal(orgId: number, filters: JournalFilters, signal?: AbortSignal): Promise<NativeJournalView> {
    return this.http.call('GET', routePath('journal', { orgId }, { ...filters }), undefined, signal);
  }

  faultRules(orgId: number, signal?: AbortSignal): Promise<{ rules: FaultRuleView[] }> {
    return this.http.call('GET', routePath('faults', { orgId }), undefined, signal);
  }

  addFaultRule(orgId: number, body: NativeFaultRuleBody) {
    return this.http.call<FaultRuleView>('POST', routePath('faults', { orgId }), body);
  }

  removeFaultRule(orgId: number, faultId: string) {
    return this.http.call<void>('DELETE', routePath('fault', { orgId, faultId }));
  }

  #remember(session: SessionView): SessionView {
    this.http.csrfToken = session.csrfToken;
    return session;
  }
}
