/** Shown in place of every credential. */
export const REDACTED = '[REDACTED]';

/**
 * Headers that carry credentials in either vendor's API (vendor-apis.md §1.0, §2.0) or in Deskwire's
 * sandbox: LeadSquared's key pair, Kapture's `Authorization: Basic` token and its `x-api-key` copy.
 */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-lsq-access-key',
  'x-lsq-secret-key',
  'x-api-key',
  'x-deskwire-admin-token',
]);

/** Query parameters that smell of a credential: URL signatures (S3 and Deskwire), keys, tokens. */
const CREDENTIAL_QUERY = /signature|secret|access[-_]?key|api[-_]?key|token|password|credential|^auth/i;

/**
 * A plain-object copy of `headers` with every credential value replaced. `Authorization` keeps its
 * scheme (`Basic [REDACTED]`), as octokit's RequestError does, so the scheme stays debuggable.
 */
export function redactHeaders(headers: Headers | Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!CREDENTIAL_HEADERS.has(lower)) out[lower] = value;
    else if (lower === 'authorization' || lower === 'proxy-authorization') {
      const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
      out[lower] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else out[lower] = REDACTED;
  }
  return out;
}

/** The URL with the value of every credential-like query parameter replaced (the URL is not mutated). */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).replace(/\?.*$/, `?${REDACTED}`);
  }
  let changed = false;
  for (const name of [...parsed.searchParams.keys()]) {
    if (CREDENTIAL_QUERY.test(name)) {
      parsed.searchParams.set(name, REDACTED);
      changed = true;
    }
  }
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? REDACTED : '';
    parsed.password = parsed.password ? REDACTED : '';
    changed = true;
  }
  return changed ? parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED) : parsed.toString();
}

/**
 * A scrubber that replaces every occurrence of the given secrets in a text. Built inside a client's
 * credential closure: it uses the secrets without ever handing them out. Secrets shorter than 4
 * characters are ignored (replacing them would mangle ordinary text, and they protect nothing).
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const needles = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of needles) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
      const encoded = encodeURIComponent(needle);
      if (encoded !== needle && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
    }
    return out;
  };
}
