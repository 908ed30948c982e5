import DOMPurify from 'dompurify';

export interface SanitizedEmail {
  /** Body HTML with scripts, event handlers, forms, frames and styles removed. */
  html: string;
  /** How many remote resources (http/https images) were held back. */
  remoteCount: number;
}

const REMOTE = /^\s*(https?:)?\/\//i;

/**
 * Email HTML made safe to show: DOMPurify removes everything that can run (scripts, `on*` handlers,
 * `javascript:` URLs, SVG/MathML tricks) or reach out on its own (forms, frames, objects, `<link>`, `<meta>`,
 * `<base>`); unless `allowRemote`, remote image sources are dropped too (tracking pixels), and counted so the
 * agent can choose to load them. The result is shown only inside a sandboxed frame (EmailFrame).
 */
export function sanitizeEmail(html: string, allowRemote: boolean): SanitizedEmail {
  let remoteCount = 0;
  const purify = DOMPurify();
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('rel', 'noopener noreferrer');
      node.removeAttribute('target');
    }
    for (const attribute of ['src', 'srcset', 'background', 'poster']) {
      const value = node.getAttribute(attribute);
      if (value === null || !REMOTE.test(value)) continue;
      if (attribute === 'src' || attribute === 'background') remoteCount += 1;
      if (!allowRemote) node.removeAttribute(attribute);
    }
  });
  const clean = purify.sanitize(html, {
    FORBID_TAGS: [
      'style',
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'frame',
      'object',
      'embed',
      'link',
      'meta',
      'base',
    ],
    FORBID_ATTR: ['style', 'srcdoc', 'formaction', 'action', 'ping'],
    ALLOW_DATA_ATTR: false,
  });
  return { html: clean, remoteCount };
}

/**
 * The frame's whole document. Its own CSP (on top of the console's, which a srcdoc frame inherits) allows no
 * script at all and images from `data:` only, or also from https when the agent asked for remote content.
 */
export function emailDocument(body: string, allowRemote: boolean): string {
  const images = allowRemote ? 'img-src data: https: http:' : 'img-src data:';
  const csp = `default-src 'none'; ${images}; base-uri 'none'; form-action 'none'`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"></head><body>${body}</body></html>`;
}
