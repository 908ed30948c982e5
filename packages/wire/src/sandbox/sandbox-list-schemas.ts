import { Type } from '@sinclair/typebox';
import { LookupView, TenantView, UserView } from './sandbox-schemas.js';

/** The list answers of the sandbox (`GET /_deskwire/tenants`, `…/users`, `…/lookups`). */
export const TenantListView = Type.Object({ tenants: Type.Array(TenantView) });
export const UserListView = Type.Object({ users: Type.Array(UserView) });
export const LookupListView = Type.Object({ lookups: Type.Array(LookupView) });
