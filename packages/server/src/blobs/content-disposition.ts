/**
 * Script-capable types are offered as downloads, never rendered: a pre-signed URL is served by the
 * object store, which cannot send the `Content-Security-Policy: sandbox` that `/files` sends.
 */
const ACTIVE_CONTENT = /html|xml|svg|javascript|ecmascript/i;

/**
 * A `Content-Disposition` value carrying an uploaded file's name safely: an ASCII `filename` fallback
 * with quotes, backslashes and control characters replaced (RFC 6266 §4.1), and the exact name as
 * `filename*` in RFC 5987 `UTF-8''` percent-encoding (which leaves only `attr-char` unescaped).
 */
export function contentDisposition(fileName: string, contentType: string): string {
  const type = ACTIVE_CONTENT.test(contentType) ? 'attachment' : 'inline';
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
