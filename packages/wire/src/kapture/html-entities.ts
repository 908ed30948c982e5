/**
 * Kapture sends people's names HTML-entity encoded: the get-ticket example has
 * `"creatorName":"Kapture Dev API&apos;s"` (shared/seeds/kapture-get-ticket.txt). Deskwire encodes the five
 * XML entities in every name it writes; clients should decode defensively (vendor-apis.md §4, last note).
 */
const ENCODE: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const DECODE: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** `Kapture Dev API's` → `Kapture Dev API&apos;s`. */
export function encodeKapName(name: string): string {
  return name.replace(/[&<>"']/g, (c) => ENCODE[c] ?? c);
}

/** Decodes the named entities above and numeric ones (`&#39;`, `&#x27;`); leaves anything else as is. */
export function decodeKapName(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return Number.isSafeInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return DECODE[entity.toLowerCase()] ?? whole;
  });
}
