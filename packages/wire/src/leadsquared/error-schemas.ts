import { type Static, Type } from '@sinclair/typebox';

/**
 * The error envelope Deskwire answers every LeadSquared-dialect failure with. The Service CRM pages
 * publish no error body (vendor-apis.md §1.0), so Deskwire uses the Sales CRM envelope
 * `{Status:"Error", ExceptionType, ExceptionMessage}`; `ExceptionType` is a stable code (docs/errors.md).
 */
export const LsqErrorResponse = Type.Object({
  Status: Type.Literal('Error'),
  ExceptionType: Type.String(),
  ExceptionMessage: Type.String(),
});
export type LsqErrorResponse = Static<typeof LsqErrorResponse>;

/** The documented 429 text (every LeadSquared ticket API page, docs/leadsquared-api.md: "API calls exceeded the limit of 25 in 5 second(s)"). */
export function lsqRateLimitMessage(max: number, windowSeconds: number): string {
  return `API calls exceeded the limit of ${max} in ${windowSeconds} second(s)`;
}
