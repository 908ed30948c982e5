import type { TicketSortKey } from './domain.js';

/**
 * The position a ticket list page ended at: the sort it belongs to and the last row's keys. Keyset
 * pagination (rows strictly after this position in the sort order), so a page never repeats or skips a
 * ticket because others were inserted or updated in between, as OFFSET would.
 */
export interface TicketListPosition {
  sort: TicketSortKey;
  order: 'asc' | 'desc';
  /** Whether the text query was given, and whether it asked for notes: a cursor only fits the same kind of list. */
  text: boolean;
  /** Direct matches come first: 1 while the last row was one, else 0. */
  direct: 0 | 1;
  /** The sort key of the last row: a timestamp (ISO text), a number or a rank; `null` for a row without one. */
  key: string | number | null;
  /** The last row's ticket number: the tie-breaker. */
  number: number;
}

/** An `after` that is not a cursor this list handed out (or one of another sort/order). */
export class InvalidCursorError extends Error {
  constructor(reason: string) {
    super(`after: ${reason}`);
    this.name = 'InvalidCursorError';
  }
}

const SORTS: readonly TicketSortKey[] = ['updated', 'created', 'number', 'priority', 'relevance'];

/** Opaque to clients: base64url of a small JSON array (readable, but nothing should rely on it). */
export function encodeCursor(p: TicketListPosition): string {
  return Buffer.from(JSON.stringify([1, p.sort, p.order, p.text ? 1 : 0, p.direct, p.key, p.number])).toString(
    'base64url',
  );
}

/** Decodes a cursor and checks that it belongs to a list of this sort and order. */
export function decodeCursor(
  cursor: string,
  expected: { sort: TicketSortKey; order: 'asc' | 'desc'; text: boolean },
): TicketListPosition {
  let parsed: unknown;
  try {
    if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error();
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor of this list');
  }
  if (!Array.isArray(parsed) || parsed.length !== 7 || parsed[0] !== 1) {
    throw new InvalidCursorError('not a cursor of this list');
  }
  const [, sort, order, text, direct, key, number] = parsed as unknown[];
  const valid =
    SORTS.includes(sort as TicketSortKey) &&
    (order === 'asc' || order === 'desc') &&
    (text === 0 || text === 1) &&
    (direct === 0 || direct === 1) &&
    (key === null || typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) &&
    typeof number === 'number' &&
    Number.isSafeInteger(number);
  if (!valid) throw new InvalidCursorError('not a cursor of this list');
  if (sort !== expected.sort || order !== expected.order || (text === 1) !== expected.text) {
    throw new InvalidCursorError('the cursor belongs to a list with another sort, order or text query');
  }
  return {
    sort: sort as TicketSortKey,
    order: order as 'asc' | 'desc',
    text: text === 1,
    direct: direct as 0 | 1,
    key: key as string | number | null,
    number: number as number,
  };
}
