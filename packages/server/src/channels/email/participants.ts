/**
 * Who takes part in a ticket's mail, for the subject-token rule and for reply recipients: the
 * requester (the lead's address) and every address in `CcEmails` (comma, semicolon or space separated).
 */
export function participantsOf(requester: string | null, ccEmails: unknown): Set<string> {
  const set = new Set(parseAddressList(ccEmails));
  if (requester) set.add(requester.toLowerCase());
  return set;
}

/** `CcEmails` as a list of lower-cased addresses. */
export function parseAddressList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(/[,;\s]+/)
    .map((a) => a.trim().replace(/^<|>$/g, '').toLowerCase())
    .filter((a) => /^[^\s@]+@[^\s@]+$/.test(a));
}

/** The `CcEmails` value stored for a list of addresses (the seed's `""` when there are none). */
export function formatAddressList(addresses: readonly string[]): string {
  return [...new Set(addresses)].join(', ');
}
