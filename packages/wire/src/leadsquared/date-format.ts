/**
 * LeadSquared Service CRM timestamps are ISO-like with no time zone and a variable number of
 * fraction digits: `"2024-08-29T10:36:23"` and `"2024-08-28T12:38:36.198"`, `"2024-08-28T13:55:43.68"`
 * (vendor-apis.md §1.0 "Timestamps"; the conversations seed). That is .NET's round-trip form with
 * trailing zeros trimmed. Deskwire writes and reads them as UTC.
 */
export const LSQ_DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?$';

const pattern = new RegExp(LSQ_DATE_TIME_PATTERN);

/** Formats a date as the vendor does: UTC, no zone suffix, milliseconds with trailing zeros trimmed. */
export function formatLsqDateTime(date: Date): string {
  const iso = date.toISOString(); // 2024-08-28T12:38:36.190Z
  const [whole, fraction = ''] = iso.slice(0, -1).split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}` : (whole ?? iso);
}

/** Parses a vendor timestamp as UTC; returns `undefined` for anything that is not one. */
export function parseLsqDateTime(value: string): Date | undefined {
  if (!pattern.test(value)) return undefined;
  const date = new Date(`${value.length > 23 ? value.slice(0, 23) : value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
