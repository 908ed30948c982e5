// Realistic ticket text for the bench's batch loader (bench/lib/batch-load.ts): support vocabulary at the
// frequent end of a Zipf distribution, made-up product and place names in the long tail, order numbers and
// emails mixed in, so a two-word query matches a small fraction of a big store, as real searches do.

/** Frequent support words, most frequent first. */
const COMMON = `the a to and i is it my of for in on not with this have please can you was order account
help issue be when at error from but we payment app email login that are no after again card refund
still working problem invoice update password customer received get our team access page change
time delivery new number your has cannot phone address support screen shows sent status billing
charged twice product data user reset link expired since today yesterday week month subscription
plan upgrade cancel renewal discount coupon code shipping package tracking courier delayed missing
damaged return exchange replacement warranty repair device laptop printer router wifi network
connection slow timeout crash freeze install download upload file attachment report export import
sync calendar contact message notification alert reminder settings profile permission admin role
agent manager ticket priority urgent escalate callback schedule meeting appointment branch store
office warehouse stock inventory price quote estimate contract agreement signature document pdf
form field value wrong duplicate blank empty format date currency tax gst receipt statement bank
transfer upi wallet balance credit debit limit otp verification kyc identity aadhaar pan passport
mobile android ios browser chrome safari version release bug feature request feedback complaint
refunded pending approved rejected failed successful processing completed closed reopened resolved`
  .split(/\s+/)
  .filter(Boolean);

const SYLLABLES = 'ka ri to mu sen da vel or an ex tra po li ne qua zor bi fen lo mar tek sys nova cor'.split(' ');

/** A deterministic pseudo-random source (mulberry32), so every run builds the same corpus. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The vocabulary: the common words, then made-up names up to `size` words. */
export function vocabulary(size = 6000): string[] {
  const rand = random(7);
  const words = [...COMMON];
  const seen = new Set(words);
  while (words.length < size) {
    const n = 2 + Math.floor(rand() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

/** Samples words with Zipf(1) frequencies over `words` (rank r has weight 1/r). */
export function zipfSampler(words: readonly string[], rand: () => number): () => string {
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= words.length; r++) {
    total += 1 / r;
    cumulative.push(total);
  }
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] as string;
  };
}

export interface TicketText {
  title: string;
  description: string;
  conversations: string[];
  note: string | null;
}

/** One ticket's text: a short title, a paragraph, one to three messages, sometimes a note. */
export function ticketText(word: () => string, rand: () => number, number: number): TicketText {
  const sentence = (min: number, max: number) => {
    const n = min + Math.floor(rand() * (max - min + 1));
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(word());
    if (rand() < 0.15) parts.push(`order-${100000 + Math.floor(rand() * 900000)}`);
    const s = parts.join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  const conversations = Array.from(
    { length: 1 + Math.floor(rand() * 3) },
    () => `${sentence(10, 25)} ${sentence(5, 15)}`,
  );
  return {
    title: sentence(4, 9).slice(0, -1),
    description: `${sentence(12, 30)} ${sentence(8, 20)} Ref ${number}.`,
    conversations,
    note: rand() < 0.3 ? sentence(6, 16) : null,
  };
}
