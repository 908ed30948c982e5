import { type Static, Type } from '@sinclair/typebox';
import { kapOneOrArrayOfOne } from './body-shape.js';
import { KapSuccessStatus } from './error-schemas.js';
import { KapTaskDetails } from './ticket-get-schemas.js';

/** Default and largest page of K4 (the vendor documents neither). */
export const KAP_PULL_DEFAULT_LIMIT = 100;
export const KAP_PULL_MAX_LIMIT = 500;

/** A count as integrators send it: a JSON number or a numeric string (`"limit":"10"`, vendor-apis.md §2.4). */
export const KapCount = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^\\s*[0-9]+\\s*$' })]);

/**
 * K4 `POST /select-ticket-between-start-and-end-dates.html/v.2.0`: tickets created on one day.
 * `start_date` and `end_date` are `YYYY-MM-DD` in the tenant's zone, at most one day apart in data
 * (`end_date` is inclusive, so it equals `start_date`). `limit`/`offset` page the list.
 * Source: https://dev.kapture.cx/kapture-api/reference/api-reference/pull-ticket-api-by-date-range
 */
export const KapPullTicketsRequest = Type.Object({
  start_date: Type.String(),
  end_date: Type.String(),
  limit: Type.Optional(KapCount),
  offset: Type.Optional(KapCount),
});
export type KapPullTicketsRequest = Static<typeof KapPullTicketsRequest>;

/** The K4 body as sent: `[{…}]` (documented) or `{…}`. */
export const KapPullTicketsBody = kapOneOrArrayOfOne(KapPullTicketsRequest);
export type KapPullTicketsBody = Static<typeof KapPullTicketsBody>;

/**
 * K4 response. The list is in **`message`**; Deskwire always sends an array there (clients also cope
 * with a string or an object, vendor-apis.md §2.4). `totalCount` counts every match before paging
 * (the vendor's may be `null`).
 */
export const KapPullTicketsResponse = Type.Object({
  totalCount: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  message: Type.Array(KapTaskDetails),
  status: KapSuccessStatus,
});
export type KapPullTicketsResponse = Static<typeof KapPullTicketsResponse>;
