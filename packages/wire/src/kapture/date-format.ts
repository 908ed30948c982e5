/**
 * Kapture writes dates in the tenant's local time, in several formats (vendor-apis.md §4 "Kapture" 4):
 * reads (`task_details.date`, K4 items) use `dd-MM-yyyy HH:mm` (`"19-04-2024 14:19"`), the create and
 * update responses `yyyy-MM-dd HH:mm:ss` plus epoch milliseconds, K4 takes `YYYY-MM-DD` and K2's
 * `callback_time` takes `yyyy-MM-dd HH:mm:ss`. The K1 example pairs `"date":"2024-04-19 14:19:11"` with
 * `"lastConversationTime":1713516551152` (08:49:11 UTC), so the local zone there is +05:30 (IST).
 * Every function takes the zone as a fixed offset from UTC in minutes.
 */

/** `dd-MM-yyyy HH:mm`, e.g. `19-04-2024 14:19`. */
export const KAP_DATE_TIME_PATTERN = '^\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}$';
/** `yyyy-MM-dd HH:mm:ss`, e.g. `2024-04-19 14:19:11` (K1/K2 `ticket.date`, K2 `callback_time`). */
export const KAP_TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$';
/** `YYYY-MM-DD`, e.g. `2024-04-22` (K4 `start_date` / `end_date`). */
export const KAP_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

const MINUTE_MS = 60_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock fields of `date` in a zone `offsetMinutes` east of UTC. */
function local(date: Date, offsetMinutes: number) {
  const d = new Date(date.getTime() + offsetMinutes * MINUTE_MS);
  return {
    year: pad(d.getUTCFullYear(), 4),
    month: pad(d.getUTCMonth() + 1),
    day: pad(d.getUTCDate()),
    hour: pad(d.getUTCHours()),
    minute: pad(d.getUTCMinutes()),
    second: pad(d.getUTCSeconds()),
  };
}

/** `dd-MM-yyyy HH:mm` in the zone (seconds are cut, not rounded, as the vendor's example shows). */
export function formatKapDateTime(date: Date, offsetMinutes: number): string {
  const t = local(date, offsetMinutes);
  return `${t.day}-${t.month}-${t.year} ${t.hour}:${t.minute}`;
}

/** `yyyy-MM-dd HH:mm:ss` in the zone. */
export function formatKapTimestamp(date: Date, offsetMinutes: number): string {
  const t = local(date, offsetMinutes);
  return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}:${t.second}`;
}

/** A valid calendar date-time from its fields in the zone, or `undefined` (31-02, 24:00, …). */
function fromLocal(fields: readonly number[], offsetMinutes: number): Date | undefined {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return new Date(utc - offsetMinutes * MINUTE_MS);
}

function parseWith(pattern: RegExp, order: readonly number[], value: string, offsetMinutes: number) {
  const match = pattern.exec(value.trim());
  if (!match) return undefined;
  return fromLocal(
    order.map((group) => Number(match[group] ?? 0)),
    offsetMinutes,
  );
}

/** Parses `dd-MM-yyyy HH:mm` in the zone; `undefined` for anything else. */
export function parseKapDateTime(value: string, offsetMinutes: number): Date | undefined {
  return parseWith(/^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2})$/, [3, 2, 1, 4, 5], value, offsetMinutes);
}

/** Parses `yyyy-MM-dd HH:mm:ss` in the zone; `undefined` for anything else. */
export function parseKapTimestamp(value: string, offsetMinutes: number): Date | undefined {
  return parseWith(/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, [1, 2, 3, 4, 5, 6], value, offsetMinutes);
}

/** Parses `YYYY-MM-DD` as the start of that day in the zone; `undefined` for anything else. */
export function parseKapDate(value: string, offsetMinutes: number): Date | undefined {
  return parseWith(/^(\d{4})-(\d{2})-(\d{2})$/, [1, 2, 3], value, offsetMinutes);
}

/**
 * Reads a date as integrators send it (vendor-apis.md §2.3: they fall back between formats):
 * `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd HH:mm`, `dd-MM-yyyy HH:mm`, `YYYY-MM-DD` (start of day) in the
 * zone, or ISO 8601 with an explicit zone. `undefined` when none fits.
 */
export function parseKapAnyDate(value: string, offsetMinutes: number): Date | undefined {
  const text = value.trim();
  const found =
    parseKapTimestamp(text, offsetMinutes) ??
    parseWith(/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/, [1, 2, 3, 4, 5], text, offsetMinutes) ??
    parseKapDateTime(text, offsetMinutes) ??
    parseKapDate(text, offsetMinutes);
  if (found) return found;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `MMM d, yyyy h:mm:ss a` in the zone, e.g. `May 2, 2024 4:15:42 PM` (K6 `generationDate`). */
export function formatKapGenerationDate(date: Date, offsetMinutes: number): string {
  const d = new Date(date.getTime() + offsetMinutes * MINUTE_MS);
  const hour24 = d.getUTCHours();
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  const month = MONTHS[d.getUTCMonth()] ?? '';
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${hour12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${hour24 < 12 ? 'AM' : 'PM'}`;
}
