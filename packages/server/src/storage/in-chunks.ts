/**
 * How many values one `IN (...)` list binds. Both engines cap bound parameters per statement
 * (SQLite's SQLITE_MAX_VARIABLE_NUMBER, 32766 since 3.32; PostgreSQL's wire protocol, 65535), and a
 * batch query binds a few more besides the list, so lists are cut well below either cap.
 */
export const IN_LIST_CHUNK = 500;

/**
 * Runs `query` once per chunk of at most `IN_LIST_CHUNK` distinct `values`, one after another (a
 * transaction's connection serves one statement at a time), and concatenates the rows in chunk
 * order. Callers chunk by the key they group on, so each key's rows come from one statement and
 * keep that statement's order.
 */
export async function inChunks<V, R>(values: Iterable<V>, query: (chunk: V[]) => Promise<R[]>): Promise<R[]> {
  const distinct = [...new Set(values)];
  if (distinct.length <= IN_LIST_CHUNK) return distinct.length === 0 ? [] : query(distinct);
  const rows: R[] = [];
  for (let start = 0; start < distinct.length; start += IN_LIST_CHUNK) {
    rows.push(...(await query(distinct.slice(start, start + IN_LIST_CHUNK))));
  }
  return rows;
}

/** Groups rows by key, keeping their order within each group. */
export function groupBy<R, K>(rows: readonly R[], keyOf: (row: R) => K): Map<K, R[]> {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
