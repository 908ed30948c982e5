import { ApiError } from '../errors/api-error.js';
import type { User } from './domain.js';

/**
 * Refuses an operation the vendor reserves for Admin users (trash, lookups, field metadata:
 * vendor-apis.md §0 "Admin only") when the caller's key belongs to an Agent.
 */
export function requireAdmin(user: User, operation: string): void {
  if (user.role !== 'Admin') {
    throw new ApiError('Forbidden', `${operation} is available to Admin users only; this key belongs to an Agent`);
  }
}
