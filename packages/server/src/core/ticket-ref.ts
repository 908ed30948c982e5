import { GUID_PATTERN } from '@deskwire/wire';
import { ApiError } from '../errors/api-error.js';
import type { TicketLookup } from './domain.js';

const guid = new RegExp(GUID_PATTERN);

/**
 * Reads a ticket reference as clients send it: the number (`143`), the key (`#143`, `#034`, which
 * arrives URL-decoded from `%23143`), or the GUID `TicketId` (vendor-apis.md §1.0 "Ticket identifiers").
 */
export function parseTicketRef(ref: string): TicketLookup {
  const value = ref.trim();
  const number = /^#?([0-9]{1,15})$/.exec(value)?.[1];
  if (number !== undefined) {
    const n = Number(number);
    if (Number.isSafeInteger(n) && n > 0) return { number: n };
  }
  if (guid.test(value)) return { id: value.toLowerCase() };
  throw new ApiError('ValidationError', `'${value.slice(0, 64)}' is not a ticket number, key (#143) or TicketId GUID`);
}

/** The display key: `#` and the number zero-padded to 3 digits (`#034`, `#143`, `#1234`). */
export function ticketKey(number: number): string {
  return `#${String(number).padStart(3, '0')}`;
}
