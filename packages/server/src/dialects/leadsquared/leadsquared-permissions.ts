import { LSQ_PERMISSION_NAMES, type LsqPermissionName, type LsqUserPermissions } from '@deskwire/wire';
import type { Role } from '../../core/domain.js';

/**
 * What an Agent may not do. Admins may do everything (the seed, read with an Admin key, shows every
 * permission allowed on `ALL_TICKETS`); destructive and bulk operations are Admin-only, as the vendor
 * marks trash, lookups and field metadata (vendor-apis.md §0, "Admin only").
 */
const ADMIN_ONLY: ReadonlySet<LsqPermissionName> = new Set([
  'DeleteTicket',
  'PurgeTicket',
  'ImportTicket',
  'ExportTicket',
  'BulkUpdateTicket',
  'MergeTicket',
  'EditInternalNote',
]);

export function isAllowed(role: Role, permission: LsqPermissionName): boolean {
  return role === 'Admin' || !ADMIN_ONLY.has(permission);
}

/** The `UserPermissions` block of a ticket read, for the caller's role. */
export function userPermissions(role: Role): LsqUserPermissions {
  const entries = LSQ_PERMISSION_NAMES.map((name) => {
    const allowed = isAllowed(role, name);
    return [name, { Allowed: allowed, ScopeFilters: allowed ? ['ALL_TICKETS'] : [] }] as const;
  });
  return Object.fromEntries(entries) as LsqUserPermissions;
}
