import type { PresenceView } from '@deskwire/wire';

/**
 * Who else is on this ticket (capabilities.presence): a warning when someone else is writing a reply, and
 * who is viewing. The region is always there (role=status), so a screen reader hears each change.
 */
export function PresenceNotice({ agents }: { agents: PresenceView['agents'] }) {
  const replying = agents.filter((a) => a.activity === 'replying').map((a) => a.name);
  const viewing = agents.filter((a) => a.activity === 'viewing').map((a) => a.name);
  return (
    <div role="status" className="presence" aria-label="Others on this ticket">
      {replying.length > 0 && (
        <p className="presence-warning">
          <strong>{listOf(replying)}</strong> {replying.length === 1 ? 'is' : 'are'} replying
        </p>
      )}
      {viewing.length > 0 && <p className="muted small">Also viewing: {listOf(viewing)}</p>}
    </div>
  );
}

function listOf(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
