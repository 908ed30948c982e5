import { type Static, Type } from '@sinclair/typebox';

/**
 * Every Kapture failure: `{"message":"…","status":"failed"}` (vendor-apis.md §2.0 "Failure signalling").
 * Success bodies carry `"status":"success"` (K1, K2, K4) or are an array (K3), so clients tell the two
 * apart by `status` or by shape. Legacy pages capitalise the keys; the v.2.0 API does not.
 */
export const KapFailureResponse = Type.Object({
  message: Type.String(),
  status: Type.Literal('failed'),
});
export type KapFailureResponse = Static<typeof KapFailureResponse>;

/**
 * The documented failure messages, spelt exactly as the vendor's pages do (trailing dots included).
 * Sources: https://dev.kapture.cx/kapture-api/reference/api-reference/ (add-ticket-api, update-ticket-api,
 * get-ticket-api) and the legacy pull page (vendor-apis.md §2.1–2.4).
 */
export const KAP_MESSAGES = Object.freeze({
  /** Key missing, wrong, expired or disabled; every API. */
  invalidAuthKey: 'Invalid Auth Key',
  /** K3 with an array (or anything but an object) as body. */
  invalidJson: 'Invalid Json.',
  /** K3 without `ticket_ids`, or with an empty one. */
  ticketIdsMissing: 'ticket_ids are missing.',
  /** K1 without `title`. */
  titleMissing: 'title is missing',
  /** K2 without `ticket_id`, or with an unknown one: the vendor gives both one message. */
  noDataFound: 'No Data found/ticket_id is missing',
  /** K2 with a `callback_time` that is not `yyyy-MM-dd HH:mm:ss`; the text names `callback_date`, as the vendor's does. */
  callbackFormat: 'Invalid Format.callback_date should be yyyy-MM-dd hh:mm:ss.',
  /** K4 without `start_date` (the legacy page's wording). */
  startDateMissing: 'either start_date is null or blank',
  /** K4 without `end_date`, worded as the start_date message. */
  endDateMissing: 'either end_date is null or blank',
  /** K6 when no customer matches, as the value of `"Customer Details"` (the vendor's misspelling kept). */
  customerNotFound: 'Information given by you does not exist in our sytsem.',
  /** K6 without any of its three keys (undocumented: worded as the other "missing" messages). */
  customerKeyMissing: 'kapture_customer_id, email_id or phone is missing',
  /** K5 without `email` or `phone` (undocumented: Deskwire needs one to find or make the customer). */
  customerContactMissing: 'email or phone is missing',
});

/** The success marker of K1, K2 and K4 bodies. */
export const KapSuccessStatus = Type.Literal('success');

/**
 * The 429 text. Kapture documents no limit and no text; Deskwire uses the LeadSquared sentence so both
 * dialects say the same: "API calls exceeded the limit of 25 in 5 second(s)".
 */
export function kapRateLimitMessage(max: number, windowSeconds: number): string {
  return `API calls exceeded the limit of ${max} in ${windowSeconds} second(s)`;
}
