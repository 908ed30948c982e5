import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { GUID_PATTERN } from '../leadsquared/guid.js';

/**
 * Bodies of Deskwire's own API (`/api/v1`, docs/api.md): plain camelCase JSON. Request schemas reject
 * unknown properties, so a typo fails loudly; response schemas name every property they may carry.
 */

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Guid = Type.String({ pattern: GUID_PATTERN });
const Role = Type.Union([Type.Literal('Admin'), Type.Literal('Agent')]);
// Path and query values arrive as strings (the server does not coerce types).
const IntegerText = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
const BooleanText = Type.Union([Type.Literal('true'), Type.Literal('false')]);
/** An ISO 8601 date-time with a zone, e.g. `2025-01-31T12:00:00.000Z`. */
const DateTimeText = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$',
});
const FilterText = Type.String({ minLength: 1, maxLength: 200 });
const FieldValue = Nullable(Type.Union([Type.String(), Type.Number(), Type.Boolean()]));

// ---- Path parameters

export const NativeOrgParams = closed({ orgId: IntegerText });
export const NativeTicketParams = closed({ orgId: IntegerText, ref: Type.String({ minLength: 1, maxLength: 64 }) });
export const NativeUserParams = closed({ orgId: IntegerText, userId: Guid });
export const NativeKeyParams = closed({
  orgId: IntegerText,
  accessKey: Type.String({ minLength: 1, maxLength: 200 }),
});
export const NativeTokenParams = closed({ orgId: IntegerText, tokenId: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
/** An inbound address (`support@acme.example`), as the mail channel routes it (docs/email.md). */
export const NativeMailboxParams = closed({
  orgId: IntegerText,
  address: Type.String({ minLength: 3, maxLength: 254 }),
});
export const NativeLookupParams = closed({
  orgId: IntegerText,
  schemaName: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.]{0,120}$' }),
});

// ---- Errors

/** Every `/api/v1` failure: `code` from the closed error-code table (docs/errors.md). */
export const NativeErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
export type NativeErrorResponse = Static<typeof NativeErrorResponse>;

// ---- Sessions and the caller

export const SignInBody = closed({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  /** Needed only when the email address belongs to users of several tenants. */
  orgId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
});
export type SignInBody = Static<typeof SignInBody>;

export const NativeUserView = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  name: Type.String(),
  email: Nullable(Type.String()),
  role: Role,
  disabled: Type.Boolean(),
  hasPassword: Type.Boolean(),
});
export type NativeUserView = Static<typeof NativeUserView>;

export const MeView = Type.Object({
  user: NativeUserView,
  tenant: Type.Object({ orgId: Type.Integer(), name: Type.String() }),
  /** How this call was authenticated. */
  auth: Type.Union([Type.Literal('session'), Type.Literal('key')]),
});
export type MeView = Static<typeof MeView>;

export const SessionView = Type.Object({
  user: NativeUserView,
  tenant: Type.Object({ orgId: Type.Integer(), name: Type.String() }),
  /** Send it as `X-Deskwire-CSRF` on every state-changing call made with this session. */
  csrfToken: Type.String(),
  /** The session ends at the earlier of these: its absolute expiry and its idle expiry (moves on each use). */
  expiresAt: Type.String(),
  idleExpiresAt: Type.String(),
});
export type SessionView = Static<typeof SessionView>;

// ---- Tickets

export const NativeLeadView = Type.Object({
  id: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
});

export const NativeTicketView = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  key: Type.String(),
  typeId: Type.Integer(),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** SchemaName → value, every configured field. */
  fields: Type.Record(Type.String(), FieldValue),
  lead: Nullable(NativeLeadView),
});
export type NativeTicketView = Static<typeof NativeTicketView>;

const SORTS = ['-updated', 'updated', '-created', 'created', '-number', 'number', '-priority', 'priority'] as const;
const Sort = Type.Union(SORTS.map((sort) => Type.Literal(sort)));

/** Filters shared by the list and the search. Several values of one filter are comma-separated (any of). */
const TicketFilters = {
  status: Type.Optional(FilterText),
  priority: Type.Optional(FilterText),
  /** User id(s) of the assignee (`RelatedAgentId`). */
  assignee: Type.Optional(FilterText),
  channel: Type.Optional(FilterText),
  type: Type.Optional(FilterText),
  subType: Type.Optional(FilterText),
  /** Tickets carrying every one of these tags. */
  tags: Type.Optional(FilterText),
  createdFrom: Type.Optional(DateTimeText),
  createdTo: Type.Optional(DateTimeText),
  updatedFrom: Type.Optional(DateTimeText),
  updatedTo: Type.Optional(DateTimeText),
  /** Assigned to the caller. */
  mine: Type.Optional(BooleanText),
  unassigned: Type.Optional(BooleanText),
  /** The trash instead of live tickets. */
  trashed: Type.Optional(BooleanText),
  limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|100)$' })),
  /** `nextCursor` of the previous page. */
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
};

export const NativeTicketListQuery = closed({ ...TicketFilters, sort: Type.Optional(Sort) });
export type NativeTicketListQuery = Static<typeof NativeTicketListQuery>;

/** Search: by relevance unless `sort` asks for another order. */
export const NativeTicketSearchQuery = closed({
  ...TicketFilters,
  q: Type.String({ minLength: 1, maxLength: 500 }),
  sort: Type.Optional(Sort),
});
export type NativeTicketSearchQuery = Static<typeof NativeTicketSearchQuery>;

export const TicketListItem = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  key: Type.String(),
  title: Nullable(Type.String()),
  status: Nullable(Type.String()),
  priority: Nullable(Type.String()),
  assignee: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  trashedAt: Type.Optional(Nullable(Type.String())),
  /** Search only: the matching text with each hit between `<mark>` and `</mark>` (the rest HTML-escaped). */
  snippet: Type.Optional(Nullable(Type.String())),
  rank: Type.Optional(Type.Number()),
});
export type TicketListItem = Static<typeof TicketListItem>;

export const TicketPageView = Type.Object({
  tickets: Type.Array(TicketListItem),
  /** Pass as `cursor` for the next page; `null` on the last page. */
  nextCursor: Nullable(Type.String()),
});
export type TicketPageView = Static<typeof TicketPageView>;

export const NativeUpdateTicketBody = closed({
  /** SchemaName → new value; each is validated against the tenant's fields, lookups and mandatory rules. */
  fields: Type.Record(Type.String({ minLength: 1, maxLength: 200 }), FieldValue, { minProperties: 1 }),
});
export type NativeUpdateTicketBody = Static<typeof NativeUpdateTicketBody>;

export const AssignTicketBody = closed({
  /** The user to assign; `null` unassigns. */
  userId: Nullable(Guid),
});
export type AssignTicketBody = Static<typeof AssignTicketBody>;

export const TicketStateView = Type.Object({ number: Type.Integer(), key: Type.String(), trashed: Type.Boolean() });

// ---- Thread, notes, attachments

export const NativeAttachmentView = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  size: Type.Integer(),
  contentType: Type.String(),
  /** A signed download URL (the same as the dialects hand out), valid for the server's link lifetime. */
  url: Type.String(),
});

export const ThreadEntryView = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('conversation'), Type.Literal('note')]),
  type: Type.String(),
  html: Nullable(Type.String()),
  text: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  attachments: Type.Array(NativeAttachmentView),
});

export const ThreadView = Type.Object({ entries: Type.Array(ThreadEntryView) });

export const AddNoteBody = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: 1_000_000 })),
    html: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AddNoteBody = Static<typeof AddNoteBody>;

export const NoteView = Type.Object({ id: Type.Integer(), ticketNumber: Type.Integer() });

export const AttachmentListView = Type.Object({ attachments: Type.Array(NativeAttachmentView) });

// ---- The email reply (docs/email.md "Replying")

export const NativeReplyBody = closed({
  text: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  html: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  internal: Type.Optional(Type.Boolean()),
});
export type NativeReplyBody = Static<typeof NativeReplyBody>;

export const QueuedReplyView = Type.Object({
  ticketNumber: Type.Integer(),
  conversationId: Type.Integer(),
  type: Type.Union([Type.Literal('OutboundEmail'), Type.Literal('InternalNote')]),
  /** Deskwire's signed Message-ID; `null` for an internal note. */
  messageId: Nullable(Type.String()),
  to: Type.Array(Type.String()),
  cc: Type.Array(Type.String()),
  sendState: Nullable(Type.Literal('queued')),
});

// ---- Users, keys, tokens

export const NativeUserListView = Type.Object({ users: Type.Array(NativeUserView) });

export const NativeCreateUserBody = closed({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ minLength: 3, maxLength: 254 }),
  role: Type.Optional(Role),
  /** Optional: without one the user signs in only after `deskwire user passwd`. */
  password: Type.Optional(Type.String({ minLength: 10, maxLength: 1024 })),
});
export type NativeCreateUserBody = Static<typeof NativeCreateUserBody>;

export const NativeUpdateUserBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(Role),
    /** `true` ends the user's sessions and revokes their key pairs; `false` lets them sign in again. */
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type NativeUpdateUserBody = Static<typeof NativeUpdateUserBody>;

export const NativeIssuedKeyView = Type.Object({
  userId: Type.String(),
  accessKey: Type.String(),
  secretKey: Type.String(),
});

export const NativeTokenListView = Type.Object({
  tokens: Type.Array(
    Type.Object({
      id: Type.String(),
      api: Type.String(),
      userId: Type.String(),
      expiresAt: Nullable(Type.String()),
      revokedAt: Nullable(Type.String()),
    }),
  ),
});

export const NativeFieldListView = Type.Object({
  fields: Type.Array(
    Type.Object({
      schemaName: Type.String(),
      displayName: Type.String(),
      dataType: Type.String(),
      lookupSchema: Nullable(Type.String()),
      isMandatory: Type.Boolean(),
      sequence: Type.Integer(),
    }),
  ),
});
