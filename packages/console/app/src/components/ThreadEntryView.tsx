import type { ThreadEntry } from '../api/native-api.js';
import { formatTime } from '../tenant-data.js';
import { EmailFrame } from './EmailFrame.js';

/** How each kind of entry is named to people (and to screen readers, as the entry's heading). */
export function entryLabel(entry: ThreadEntry): { label: string; tone: 'inbound' | 'outbound' | 'note' | 'portal' } {
  if (entry.kind === 'note') return { label: 'Internal note', tone: 'note' };
  switch (entry.type) {
    case 'InboundEmail':
      return { label: 'Email from the customer', tone: 'inbound' };
    case 'OutboundEmail':
      return { label: 'Email to the customer', tone: 'outbound' };
    case 'PortalInbound':
      return { label: 'Portal message from the customer', tone: 'portal' };
    case 'PortalOutbound':
      return { label: 'Portal reply to the customer', tone: 'portal' };
    default:
      return { label: entry.type, tone: 'inbound' };
  }
}

/**
 * One entry of the thread. Email HTML goes through EmailFrame (sanitized, sandboxed); note and portal text is
 * plain React text. Attachments link to their signed download URLs.
 */
export function ThreadEntryView({ entry, authorName }: { entry: ThreadEntry; authorName: (id: string) => string }) {
  const { label, tone } = entryLabel(entry);
  const headingId = `entry-${entry.kind}-${entry.id}`;
  return (
    <article
      className={`entry entry-${tone}`}
      aria-labelledby={headingId}
      data-kind={entry.kind}
      data-type={entry.type}
    >
      <header className="entry-head">
        <h3 id={headingId}>{label}</h3>
        <span className="muted">
          {authorName(entry.createdBy)} · <time dateTime={entry.createdAt}>{formatTime(entry.createdAt)}</time>
        </span>
      </header>
      {entry.html !== null && entry.html !== '' ? (
        <EmailFrame html={entry.html} title={`${label}, ${formatTime(entry.createdAt)}`} />
      ) : (
        <p className="entry-text">{entry.text ?? ''}</p>
      )}
      {entry.attachments.length > 0 && (
        <ul className="attachments" aria-label="Attachments">
          {entry.attachments.map((file) => (
            <li key={file.id}>
              <a href={file.url} download={file.fileName} rel="noopener noreferrer">
                {file.fileName}
              </a>{' '}
              <span className="muted">({formatSize(file.size)})</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
