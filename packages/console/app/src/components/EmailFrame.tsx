import { useMemo, useState } from 'react';
import { emailDocument, sanitizeEmail } from '../email/sanitize-email.js';

/**
 * An email's HTML, sanitized and isolated: a `sandbox` frame without `allow-scripts` or `allow-same-origin`
 * (an opaque origin that can run nothing and reach nothing of the console), whose document carries its own CSP.
 * Remote images stay out until the agent clicks "Load remote content".
 */
export function EmailFrame({ html, title }: { html: string; title: string }) {
  const [allowRemote, setAllowRemote] = useState(false);
  const { document, remoteCount } = useMemo(() => {
    const sanitized = sanitizeEmail(html, allowRemote);
    return { document: emailDocument(sanitized.html, allowRemote), remoteCount: sanitized.remoteCount };
  }, [html, allowRemote]);
  return (
    <div className="email-frame">
      {remoteCount > 0 && !allowRemote && (
        <p className="remote-note">
          {remoteCount === 1 ? '1 remote image was' : `${remoteCount} remote images were`} not loaded.{' '}
          <button type="button" className="link-button" onClick={() => setAllowRemote(true)}>
            Load remote content
          </button>
        </p>
      )}
      <iframe title={title} sandbox="" srcDoc={document} referrerPolicy="no-referrer" />
    </div>
  );
}
