import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { GUID_PATTERN } from '../leadsquared/guid.js';

/**
 * Bodies of the sandbox controls (`/_deskwire`, docs/sandbox.md): Deskwire's own plain JSON, in
 * camelCase, not a vendor's shape. Request schemas reject unknown properties, so a typo fails
 * loudly instead of being ignored; response schemas also keep anything unlisted (hashes, internal
 * columns) from ever being sent.
 */

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Guid = Type.String({ pattern: GUID_PATTERN });
const OrgId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Role = Type.Union([Type.Literal('Admin'), Type.Literal('Agent')]);
const RateLimit = closed({ max: Type.Integer({ minimum: 1 }), windowMs: Type.Integer({ minimum: 1 }) });
const IpAllowlist = Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }));

// Path and query values arrive as strings (the server does not coerce types).
const IntegerText = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
/** An ISO 8601 date-time with a zone, e.g. `2025-01-31T12:00:00.000Z`. */
const ISO_DATE_TIME =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$';
export const OrgParams = closed({ orgId: IntegerText });
export type OrgParams = Static<typeof OrgParams>;

// ---- Tenants, users, keys, lookups, fields

export const CreateTenantBody = closed({
  orgId: OrgId,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  apiEnabled: Type.Optional(Type.Boolean()),
  ipAllowlist: Type.Optional(IpAllowlist),
  rateLimit: Type.Optional(RateLimit),
  admin: Type.Optional(
    closed({
      id: Type.Optional(Guid),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    }),
  ),
});
export type CreateTenantBody = Static<typeof CreateTenantBody>;

export const UpdateTenantBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    apiEnabled: Type.Optional(Type.Boolean()),
    ipAllowlist: Type.Optional(IpAllowlist),
    rateLimit: Type.Optional(RateLimit),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTenantBody = Static<typeof UpdateTenantBody>;

export const TenantView = Type.Object({
  orgId: Type.Integer(),
  name: Type.String(),
  apiEnabled: Type.Boolean(),
  ipAllowlist: Nullable(Type.Array(Type.String())),
  rateLimit: Type.Object({ max: Type.Integer(), windowMs: Type.Integer() }),
  createdAt: Type.String(),
});
export const UserView = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  name: Type.String(),
  email: Nullable(Type.String()),
  role: Role,
});
/** The only responses that carry a secret key: it is shown once and stored as a hash. */
export const IssuedKeyView = Type.Object({ user: UserView, accessKey: Type.String(), secretKey: Type.String() });
export const CreatedTenantView = Type.Object({
  tenant: TenantView,
  admin: UserView,
  accessKey: Type.String(),
  secretKey: Type.String(),
});

export const CreateUserBody = closed({
  role: Type.Optional(Role),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
});
export type CreateUserBody = Static<typeof CreateUserBody>;
export const UserParams = closed({ orgId: IntegerText, userId: Guid });
export const KeyParams = closed({ orgId: IntegerText, accessKey: Type.String({ minLength: 1, maxLength: 200 }) });

export const LookupParams = closed({
  orgId: IntegerText,
  schemaName: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.]{0,120}$' }),
});
export const SetLookupBody = closed({
  values: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 1000 }),
});
export type SetLookupBody = Static<typeof SetLookupBody>;
export const LookupView = Type.Object({ schemaName: Type.String(), values: Type.Array(Type.String()) });

// ---- Inbound email addresses (docs/email.md)

const MailboxAddress = Type.String({
  minLength: 3,
  maxLength: 254,
  description: 'An email address, e.g. support@acme.example',
});
export const MailboxParams = closed({ orgId: IntegerText, address: MailboxAddress });
export const AddMailboxBody = closed({ address: MailboxAddress });
export const MailboxView = Type.Object({ orgId: Type.Integer(), address: Type.String() });
export const MailboxListView = Type.Object({ orgId: Type.Integer(), addresses: Type.Array(Type.String()) });

export const AddFieldBody = closed({
  name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,99}$' }),
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  dataType: Type.Union([
    Type.Literal('Text'),
    Type.Literal('TextArea'),
    Type.Literal('Number'),
    Type.Literal('DateTime'),
    Type.Literal('Select'),
    Type.Literal('Boolean'),
    Type.Literal('Guid'),
  ]),
  mandatory: Type.Optional(Type.Boolean()),
  options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 1000 })),
});
export type AddFieldBody = Static<typeof AddFieldBody>;
export const FieldView = Type.Object({
  schemaName: Type.String(),
  displayName: Type.String(),
  dataType: Type.String(),
  lookupSchema: Nullable(Type.String()),
  isMandatory: Type.Boolean(),
  sequence: Type.Integer(),
});

export const CreateTokenBody = closed({
  api: Type.Union([Type.Literal('get'), Type.Literal('add'), Type.Literal('update'), Type.Literal('pull')]),
  /** The user the token acts as. Default: the tenant's `Kapture API` user. */
  userId: Type.Optional(Guid),
  expiresAt: Type.Optional(Type.String({ pattern: ISO_DATE_TIME })),
});
export type CreateTokenBody = Static<typeof CreateTokenBody>;
export const TokenParams = closed({ orgId: IntegerText, tokenId: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
/** The only response that carries a token: it is shown once and stored as a hash. */
export const IssuedTokenView = Type.Object({
  token: Type.String(),
  id: Type.String(),
  api: Type.String(),
  userId: Type.String(),
  expiresAt: Nullable(Type.String()),
});

// ---- Tickets and conversations

/** A file inside a JSON body. */
export const SeedFile = closed({
  fileName: Type.String({ minLength: 1, maxLength: 255 }),
  contentType: Type.Optional(Type.String({ pattern: '^[\\w.+-]+/[\\w.+-]+(;.*)?$', maxLength: 200 })),
  contentBase64: Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$' }),
});
export type SeedFile = Static<typeof SeedFile>;

const FieldValue = Nullable(Type.Union([Type.String(), Type.Number(), Type.Boolean()]));
const LeadRef = Type.Union([
  closed({ id: Guid }),
  closed({
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    firstName: Type.Optional(Type.String({ maxLength: 200 })),
    lastName: Type.Optional(Type.String({ maxLength: 200 })),
    attributes: Type.Optional(Type.Record(Type.String(), Nullable(Type.String()))),
  }),
]);

export const SeedTicketBody = closed({
  lead: LeadRef,
  /** SchemaName → value, validated against the tenant's fields as a vendor create would be. */
  fields: Type.Record(Type.String({ minLength: 1, maxLength: 200 }), FieldValue),
  typeId: Type.Optional(Type.Integer({ minimum: 1 })),
  /** GUID of the user shown as creator. Default: the tenant's first Admin user. */
  createdBy: Type.Optional(Guid),
  creationType: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  flags: Type.Optional(
    closed({
      triggerSla: Type.Optional(Type.Boolean()),
      triggerAssignmentRule: Type.Optional(Type.Boolean()),
      triggerAutomation: Type.Optional(Type.Boolean()),
      triggerNotification: Type.Optional(Type.Boolean()),
    }),
  ),
  attachments: Type.Optional(Type.Array(SeedFile, { maxItems: 100 })),
});
export type SeedTicketBody = Static<typeof SeedTicketBody>;
export const SeededTicketView = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  key: Type.String(),
  leadId: Nullable(Type.String()),
  attachments: Type.Integer(),
});

export const TicketParams = closed({ orgId: IntegerText, ticketRef: Type.String({ minLength: 1, maxLength: 64 }) });
export const SeedConversationBody = closed({
  type: Type.Union([
    Type.Literal('InboundEmail'),
    Type.Literal('OutboundEmail'),
    Type.Literal('PortalInbound'),
    Type.Literal('PortalOutbound'),
    Type.Literal('InternalNote'),
  ]),
  html: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  text: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  /** `CreatedBy`. Default: the ticket's lead for inbound kinds, its creator otherwise. */
  createdBy: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  attachments: Type.Optional(Type.Array(SeedFile, { maxItems: 100 })),
});
export type SeedConversationBody = Static<typeof SeedConversationBody>;
export const SeededConversationView = Type.Object({
  id: Type.Integer(),
  ticketId: Type.String(),
  ticketNumber: Type.Integer(),
  attachments: Type.Integer(),
});

// ---- Resets

export const ResetTenantBody = closed({ keepConfig: Type.Optional(Type.Boolean()) });
export type ResetTenantBody = Static<typeof ResetTenantBody>;
export const ResetAllBody = closed({
  keepConfig: Type.Optional(Type.Boolean()),
  deleteTenants: Type.Optional(Type.Boolean()),
});
export type ResetAllBody = Static<typeof ResetAllBody>;
const Deleted = Type.Object({
  tickets: Type.Integer(),
  leads: Type.Integer(),
  activities: Type.Integer(),
  attachments: Type.Integer(),
  history: Type.Integer(),
});
export const TenantResetView = Type.Object({
  orgId: Type.Integer(),
  deleted: Deleted,
  requestsCleared: Type.Integer(),
  faultRulesCleared: Type.Integer(),
});
export const ResetAllView = Type.Object({
  tenants: Type.Array(Type.Object({ orgId: Type.Integer(), deleted: Deleted })),
  requestsCleared: Type.Integer(),
  faultRulesCleared: Type.Integer(),
});

// ---- Request journal

export const JournalQuery = closed({
  operation: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  status: Type.Optional(Type.String({ pattern: '^(0|[1-5][0-9]{2}|[1-5]xx)$' })),
  since: Type.Optional(Type.String({ pattern: ISO_DATE_TIME })),
  limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
});
export type JournalQuery = Static<typeof JournalQuery>;
export const JournalEntryView = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  orgId: Type.Integer(),
  method: Type.String(),
  path: Type.String(),
  operation: Nullable(Type.String()),
  status: Type.Integer(),
  latencyMs: Type.Number(),
  requestBytes: Nullable(Type.Integer()),
  responseBytes: Nullable(Type.Integer()),
  faultId: Nullable(Type.String()),
});
export const JournalView = Type.Object({ requests: Type.Array(JournalEntryView) });
export const RemovedView = Type.Object({ removed: Type.Integer() });

// ---- Fault rules

const Milliseconds = Type.Integer({ minimum: 0, maximum: 600_000 });
const Latency = Type.Union([
  closed({ type: Type.Literal('fixed'), ms: Milliseconds }),
  closed({ type: Type.Literal('uniform'), minMs: Milliseconds, maxMs: Milliseconds }),
  closed({
    type: Type.Literal('lognormal'),
    medianMs: Milliseconds,
    sigma: Type.Number({ minimum: 0, maximum: 10 }),
    maxMs: Type.Optional(Milliseconds),
  }),
]);
const FaultResponse = closed({
  status: Type.Integer({ minimum: 200, maximum: 599 }),
  body: Type.Optional(Type.Unknown()),
  rawBody: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  headers: Type.Optional(
    Type.Record(Type.String({ pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$" }), Type.String({ maxLength: 8192 })),
  ),
});
export const FaultRuleBody = closed({
  id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
  orgId: Type.Optional(Nullable(OrgId)),
  operation: Type.Optional(Type.String({ pattern: '^(\\*|[A-Za-z0-9._-]{1,100}\\*?)$' })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  times: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  latency: Type.Optional(Latency),
  respond: Type.Optional(FaultResponse),
  drop: Type.Optional(Type.Boolean()),
});
export type FaultRuleBody = Static<typeof FaultRuleBody>;
export const FaultRuleView = Type.Object({
  id: Type.String(),
  orgId: Nullable(Type.Integer()),
  operation: Type.String(),
  probability: Type.Number(),
  times: Nullable(Type.Integer()),
  latency: Nullable(Type.Unknown()),
  respond: Nullable(Type.Unknown()),
  drop: Type.Boolean(),
  fired: Type.Integer(),
  createdAt: Type.String(),
});
export const FaultRulesView = Type.Object({ rules: Type.Array(FaultRuleView) });
export const FaultParams = closed({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const FaultListQuery = closed({ orgId: Type.Optional(IntegerText) });
