import type { HighlightedText } from './domain.js';

/*
 * The words of full-text search, decided here once for both engines: storage feeds SQLite FTS5 and
 * PostgreSQL tsvector these terms (already split and normalised), and the query is built from the same
 * terms, so both engines match the same tickets whatever their own parsers would have done with e-mail
 * addresses, hyphens or accents. Snippets are cut from the stored plain text with the same tokenizer.
 */

/** A word is a run of letters, digits and combining marks; everything else separates words. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const NOT_WORD = /[^\p{L}\p{N}\p{M}]/gu;
/** Longer runs (hashes, base64) are left out of the index: they bloat it and nobody types them. */
export const MAX_TERM_LENGTH = 64;
/** At most this many words and phrases of a query are used (the rest are ignored). */
export const MAX_QUERY_TERMS = 16;

export interface Token {
  /** `[start, end)` in the original text (UTF-16 offsets). */
  start: number;
  end: number;
  /** The normalised term: NFKC, lower case, letters/digits/marks only. */
  term: string;
}

/** Normalises one word as the index stores it; `''` when nothing indexable is left. */
export function normalizeTerm(word: string): string {
  const term = word.normalize('NFKC').toLowerCase().replace(NOT_WORD, '');
  return term.length > MAX_TERM_LENGTH ? '' : term;
}

/** The indexable words of `text`, in order, with their offsets. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const term = normalizeTerm(m[0]);
    if (term !== '') tokens.push({ start: m.index, end: m.index + m[0].length, term });
  }
  return tokens;
}

/** One element of a query: a word (optionally a prefix) or a phrase of words in order. */
export type QueryTerm = { kind: 'word'; term: string; prefix: boolean } | { kind: 'phrase'; terms: string[] };

/**
 * Parses what a person typed. `"…"` is a phrase, `word*` a prefix (at least two characters before the
 * star); every other character only separates words, so no input is a syntax error. Duplicates once.
 */
export function parseQuery(text: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (t: QueryTerm) => {
    const key = JSON.stringify(t);
    if (seen.has(key) || terms.length >= MAX_QUERY_TERMS) return;
    seen.add(key);
    terms.push(t);
  };
  // Quoted parts (an unbalanced quote runs to the end), then the words between them.
  const parts = text.split('"');
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      const words = tokenize(part).map((t) => t.term);
      if (words.length === 1 && words[0] !== undefined) add({ kind: 'word', term: words[0], prefix: false });
      else if (words.length > 1) add({ kind: 'phrase', terms: words });
      return;
    }
    for (const m of part.matchAll(/[\p{L}\p{N}\p{M}]+(\*?)/gu)) {
      const term = normalizeTerm(m[0].replace(/\*$/, ''));
      if (term === '') continue;
      add({ kind: 'word', term, prefix: m[1] === '*' && term.length >= 2 });
    }
  });
  return terms;
}

/** Whether a document term satisfies a query word. */
function matchesWord(term: string, word: { term: string; prefix: boolean }): boolean {
  return word.prefix ? term.startsWith(word.term) : term === word.term;
}

/** The `[start, end)` ranges of `tokens` that the query matched (words, prefixes, whole phrases). */
export function matchRanges(tokens: readonly Token[], query: readonly QueryTerm[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  tokens.forEach((token, i) => {
    for (const q of query) {
      if (q.kind === 'word') {
        if (matchesWord(token.term, q)) ranges.push([token.start, token.end]);
        continue;
      }
      const last = tokens[i + q.terms.length - 1];
      if (last && q.terms.every((t, k) => tokens[i + k]?.term === t)) ranges.push([token.start, last.end]);
    }
  });
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const prev = merged.at(-1);
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Characters of context a body/notes snippet shows. */
export const SNIPPET_LENGTH = 200;

/**
 * The passage of `text` (about `SNIPPET_LENGTH` characters, cut at word boundaries) holding the most
 * matches, with their ranges relative to the passage; `undefined` when nothing in it matched.
 */
export function snippet(
  field: HighlightedText['field'],
  text: string,
  query: readonly QueryTerm[],
  length = SNIPPET_LENGTH,
): HighlightedText | undefined {
  const ranges = matchRanges(tokenize(text), query);
  const first = ranges[0];
  if (!first) return undefined;
  // The window starting at each match (a little context before it) that holds the most matches.
  let best = { start: 0, match: first[0], count: 0 };
  for (const [s] of ranges) {
    const start = Math.max(0, s - 30);
    const count = ranges.filter(([a, b]) => a >= start && b <= start + length).length;
    if (count > best.count) best = { start, match: s, count };
  }
  let start = best.start;
  let end = Math.min(text.length, start + length);
  // Do not cut words in half: move the edges to the nearest separator.
  if (start > 0) {
    const space = text.slice(start, best.match).search(/\s/);
    if (space >= 0) start += space + 1;
  }
  if (end < text.length) {
    const lastSpace = text.slice(start, end).search(/\s\S*$/);
    if (lastSpace > 0) end = start + lastSpace;
  }
  const raw = text.slice(start, end);
  // Collapse runs of whitespace (line breaks of an email) to one space, keeping offsets in step.
  let out = '';
  const map: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (/\s/.test(ch)) {
      if (out.endsWith(' ')) continue;
      map[i] = out.length;
      out += ' ';
    } else {
      map[i] = out.length;
      out += ch;
    }
  }
  const at = (i: number) => {
    for (let k = i; k < raw.length; k++) {
      const v = map[k];
      if (v !== undefined) return v;
    }
    return out.length;
  };
  const highlights = ranges
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]): [number, number] => [at(a - start), at(b - start - 1) + 1]);
  const lead = out.length - out.trimStart().length;
  const trimmed = out.trim();
  return {
    field,
    text: trimmed,
    highlights: highlights.map(([a, b]) => [a - lead, b - lead]),
    truncatedStart: start > 0,
    truncatedEnd: end < text.length,
  };
}

/** The title with its matches highlighted (whole, or cut like a snippet when very long). */
export function highlightTitle(title: string, query: readonly QueryTerm[]): HighlightedText {
  if (title.length > SNIPPET_LENGTH) {
    const cut = snippet('title', title, query);
    if (cut) return cut;
  }
  return {
    field: 'title',
    text: title,
    highlights: matchRanges(tokenize(title), query),
    truncatedStart: false,
    truncatedEnd: false,
  };
}

/** Plain text of an HTML body (conversations stored without a text version). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
