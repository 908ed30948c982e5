import { type Static, Type } from '@sinclair/typebox';
import { LsqFieldOutput } from './field-value-schemas.js';
import { LsqGuid } from './guid.js';

/** The permission names of `UserPermissions`, in the order of the get-ticket seed. */
export const LSQ_PERMISSION_NAMES = [
  'CreateTicket',
  'AssignTicket',
  'UpdateTicket',
  'DeleteTicket',
  'EditOwnInternalNote',
  'MarkTicketSpam',
  'CloseTicket',
  'ExportTicket',
  'PurgeTicket',
  'ImportTicket',
  'BulkUpdateTicket',
  'ViewTicket',
  'ResolveTicket',
  'EditInternalNote',
  'Reply',
  'AddInternalNote',
  'CreateChildTicket',
  'MergeTicket',
] as const;
export type LsqPermissionName = (typeof LSQ_PERMISSION_NAMES)[number];

export const LsqPermission = Type.Object({
  Allowed: Type.Boolean(),
  ScopeFilters: Type.Array(Type.String()),
});
export type LsqPermission = Static<typeof LsqPermission>;

export const LsqUserPermissions = Type.Object(
  Object.fromEntries(LSQ_PERMISSION_NAMES.map((name) => [name, LsqPermission])) as Record<
    LsqPermissionName,
    typeof LsqPermission
  >,
);
export type LsqUserPermissions = Static<typeof LsqUserPermissions>;

/**
 * L4 `GET /api/tenants/{orgId}/tickets/{id}` response, field for field as the seed
 * (https://apidocs.leadsquared.com/get-ticket-by-id/). Quirks kept: `TypeId` is the *string* `"null"`,
 * `Id` is the number as a string, `TriggerTicketEvents`/`IsVisited` are `null`.
 */
export const LsqGetTicketResponse = Type.Object({
  TypeId: Type.String(),
  Id: Type.String({ pattern: '^[0-9]+$' }),
  TicketId: LsqGuid,
  LeadId: Type.Union([LsqGuid, Type.Null()]),
  OpportunityId: Type.Union([Type.String(), Type.Null()]),
  Association: Type.Integer(),
  BulkUpdate: Type.Boolean(),
  Dispose: Type.Boolean(),
  Fields: Type.Array(LsqFieldOutput),
  UserPermissions: LsqUserPermissions,
  TriggerSLA: Type.Boolean(),
  TriggerAssignmentRule: Type.Boolean(),
  TriggerAutomation: Type.Boolean(),
  TriggerTicketEvents: Type.Union([Type.Boolean(), Type.Null()]),
  TriggerNotification: Type.Boolean(),
  IsVisited: Type.Union([Type.Boolean(), Type.Null()]),
  IsMigrated: Type.Boolean(),
  IsUpdated: Type.Boolean(),
  TicketCreationType: Type.String(),
  CallSessionId: Type.Union([Type.String(), Type.Null()]),
  PrimaryTicket: Type.Boolean(),
  V2Api: Type.Boolean(),
});
export type LsqGetTicketResponse = Static<typeof LsqGetTicketResponse>;

/** `GET /tickets?TicketId=143`: the documented URL carries no id segment (vendor-apis.md §1.4). */
export const LsqGetTicketQuery = Type.Object({
  TicketId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type LsqGetTicketQuery = Static<typeof LsqGetTicketQuery>;
