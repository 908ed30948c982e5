import { expandPath } from '@deskwire/wire';

/** The API host as a base URL: http(s) only, ending in `/` so that relative paths keep any path prefix. */
export function hostBase(host: string | URL): URL {
  const base = new URL(String(host));
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('host must be an http(s) URL');
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base;
}

/**
 * A catalogue path's URL on a host, its `{param}`s filled in and URL-encoded. The path is resolved
 * relative to `base` (from `hostBase`), so a path prefix on the host, a proxy's say, is kept.
 */
export function operationUrl(base: URL, path: string, params: Readonly<Record<string, string | number>> = {}): URL {
  return new URL(expandPath(path, params).replace(/^\//, ''), base);
}
