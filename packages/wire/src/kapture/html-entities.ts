import { decodeHtmlEntities } from '../html-entities.js';

/**
 * Kapture sends people's names HTML-entity encoded: the get-ticket example has
 * `"creatorName":"Kapture Dev API&apos;s"` (https://dev.kapture.cx/kapture-api/reference/api-reference/get-ticket-api). Deskwire encodes the five
 * XML entities in every name it writes; clients should decode defensively (vendor-apis.md §4, last note).
 */
const ENCODE: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** `Kapture Dev API's` → `Kapture Dev API&apos;s`. */
export function encodeKapName(name: string): string {
  return name.replace(/[&<>"']/g, (c) => ENCODE[c] ?? c);
}

/** Decodes a name Kapture sent encoded; the one decoder of the wire package (`decodeHtmlEntities`). */
export const decodeKapName: (text: string) => string = decodeHtmlEntities;
