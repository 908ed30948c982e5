/**
 * Query parameter names that smell of a credential: download signatures, and keys or tokens that a
 * client may put in the query although Deskwire reads them only from headers (the Sales CRM API
 * takes `accessKey`/`secretKey` as query parameters).
 */
const CREDENTIAL_IN_QUERY = /signature|secret|access[-_]?key|api[-_]?key|token|password/i;

/**
 * A query string that carries a credential (a download signature, a key) is not logged or
 * journaled at all. Checked on the decoded query, so `?sig%6Eature=` cannot slip past the check.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url.slice(at + 1);
  // Judge each parameter name decoded on its own (as the query parser reads it); a name that cannot
  // be decoded is treated as suspect, since one bad escape must not hide a `sig%6Eature` beside it.
  const suspect = query.split('&').some((pair) => {
    const name = pair.split('=', 1)[0] ?? '';
    try {
      return CREDENTIAL_IN_QUERY.test(decodeURIComponent(name.replaceAll('+', ' ')));
    } catch {
      return true;
    }
  });
  return suspect || CREDENTIAL_IN_QUERY.test(query) ? `${url.slice(0, at)}?[redacted]` : url;
}
