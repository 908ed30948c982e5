import { type Static, Type } from '@sinclair/typebox';
import { kapOneOrArrayOfOne } from './body-shape.js';

/** A phone or id that integrators send as a string or as a JSON number. */
const StringOrNumber = Type.Union([Type.String({ maxLength: 200 }), Type.Integer({ minimum: 0 })]);

/**
 * K5 `POST /add-update-customer-from-other-source.html`: adds a customer, or updates the one with that
 * `email` (else `phone`). Documented keys: `name`, `phone`, `email`, `customer_code`, `city`, …,
 * `assigned_to`; nammayatri also sends `customer_id` (its own id). Every other key is kept on the customer.
 * Sources: https://www.kapturecrm.com/us/resources-customer, nammayatri/shared-kernel (`KaptureCustomerReq`).
 */
export const KapCustomerRequest = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 500 })),
  phone: Type.Optional(StringOrNumber),
  email: Type.Optional(Type.String({ maxLength: 320 })),
  customer_code: Type.Optional(StringOrNumber),
  customer_id: Type.Optional(StringOrNumber),
  city: Type.Optional(Type.String({ maxLength: 500 })),
  assigned_to: Type.Optional(StringOrNumber),
});
export type KapCustomerRequest = Static<typeof KapCustomerRequest>;

/** The K5 body as sent: `[{…}]` (documented) or `{…}`. */
export const KapCustomerBody = kapOneOrArrayOfOne(KapCustomerRequest);
export type KapCustomerBody = Static<typeof KapCustomerBody>;

/**
 * K5 response. The vendor's page shows `{"Message":"Customer Added Successfully","Kapture Customer
 * Id":"48338968","Status":"Success"}` (the id a string, the key with spaces); nammayatri, on the same
 * path, parses lower-case `message` and `status`. A tenant may send either casing, so each is optional
 * here; Deskwire sends both (`Status` `Success`, `status` `success`), so either kind of client reads it.
 */
export const KapCustomerResponse = Type.Object({
  Message: Type.Optional(Type.String()),
  'Kapture Customer Id': Type.String(),
  Status: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
});
export type KapCustomerResponse = Static<typeof KapCustomerResponse>;

/**
 * K6 `POST /search-customer-by-customer-id.html`: one customer by `kapture_customer_id`, else
 * `email_id`, else `phone` (the first one given decides; one of the three is needed).
 * Source: https://dev.kapture.cx/kapture-api/reference/api-reference/get-customer-api
 */
export const KapGetCustomerRequest = Type.Object({
  kapture_customer_id: Type.Optional(StringOrNumber),
  email_id: Type.Optional(Type.String({ maxLength: 320 })),
  phone: Type.Optional(StringOrNumber),
});
export type KapGetCustomerRequest = Static<typeof KapGetCustomerRequest>;

/** The K6 body as sent: `[{…}]` (documented) or `{…}`. */
export const KapGetCustomerBody = kapOneOrArrayOfOne(KapGetCustomerRequest);
export type KapGetCustomerBody = Static<typeof KapGetCustomerBody>;

/** One contact person of a customer (the page shows `"contacts":[…]` without its items: inferred). */
export const KapCustomerContact = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  phone: Type.String(),
});
export type KapCustomerContact = Static<typeof KapCustomerContact>;

/**
 * A customer as K6 shows it: `id` a **number** (K5 gave it as a string), `generationDate` in yet another
 * format, `MMM d, yyyy h:mm:ss a` (`"May 2, 2024 4:15:42 PM"`), plus every other key K5 stored. The
 * vendor's example elides the rest (`…`), so `name`, `email` and `phone` are optional here; Deskwire
 * always sends them.
 */
export const KapCustomerDetails = Type.Object(
  {
    id: Type.Integer(),
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    generationDate: Type.String(),
    contacts: Type.Array(KapCustomerContact),
  },
  { additionalProperties: true },
);
/** The documented keys, and whatever else K5 stored (`customer_code`, `city`, …). */
export type KapCustomerDetails = Static<typeof KapCustomerDetails> & { readonly [key: string]: unknown };

/** K6 response: `{"Customer Details":{…}}` (no `status` on success, as on the vendor's page). */
export const KapGetCustomerResponse = Type.Object({ 'Customer Details': KapCustomerDetails });
export type KapGetCustomerResponse = { 'Customer Details': KapCustomerDetails };

/**
 * K6 when nothing matches: `"Customer Details"` turns into the vendor's sentence (its misspelling
 * `sytsem` kept) and `status` is `failed`.
 */
export const KapCustomerNotFoundResponse = Type.Object({
  'Customer Details': Type.String(),
  status: Type.Literal('failed'),
});
export type KapCustomerNotFoundResponse = Static<typeof KapCustomerNotFoundResponse>;
