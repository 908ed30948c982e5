/**
 * Named entities seen in helpdesk text (names, plain-text bodies): the five XML ones, `&nbsp;`
 * and the typographic set that email clients emit. Anything else is left as written.
 */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  hellip: '\u2026',
  ndash: '\u2013',
  mdash: '\u2014',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bull: '\u2022',
  euro: '\u20ac',
  pound: '\u00a3',
  rupee: '\u20b9',
};

/**
 * Decodes HTML entities in a text value: `Kapture Dev API&apos;s` → `Kapture Dev API's` (the Kapture
 * seed), plus numeric ones (`&#39;`, `&#x27;`). Decoding is done once, so `&amp;lt;` becomes `&lt;`.
 * Used on names and plain-text fields, never on HTML bodies (vendor-apis.md §4, last note).
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const hex = entity[1] === 'x' || entity[1] === 'X';
      const code = hex ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity] ?? NAMED[entity.toLowerCase()] ?? whole;
  });
}
