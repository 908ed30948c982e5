/**
 * The Content-Security-Policy of every console response: scripts, styles, fonts and API calls from the
 * console's own origin only, no inline script, no plugins, no framing of the console by other sites.
 * Images also allow `data:` (the inline favicon), `blob:` (attachment previews) and `https:`: email HTML is
 * shown in sandboxed `srcdoc` frames, which inherit this policy, and an agent may choose to load a message's
 * remote images; until then the frame's own stricter policy (img-src data:) and the sanitizer keep them out.
 * Images are the only remote content allowed, and nothing the console itself renders points at one.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers on every console response, whatever its status. */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

/** Vite names built assets by content hash, so a file under assets/ never changes: cache it for a year. */
export const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

/** index.html (and the SPA fallback) must be revalidated so a new build's asset names are picked up. */
export const ENTRY_CACHE = 'no-cache';
