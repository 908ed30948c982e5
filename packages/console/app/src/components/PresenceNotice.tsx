import type { PresenceView } from '@deskwire/wire';

/**
 * Who else is on this ticket (capabilities.presence): a warning when someone else is writing a reply, and
 * who is viewing. The region is always there (an `output`: role=status), so a screen reader hears each change.
 */
export function PresenceNotice({ agents }: { agents: PresenceView['agents'] }) {
  const replying = agents.filter((a) => a.activity === 'replying').map((a) => a.name);
  const viewing = agents.filter((a) => a.activity === 'viewing').map((a) => a.name);
  return (
    <output className="presence" aria-label="Others on this ticket">
      {replying.length > 0 && (
        <span className="presence-warning">
          <strong>{listOf(replying)}</strong> {replying.length === 1 ? 'is' : 'are'} replying
        </span>
      )}
      {viewing.length > 0 && <span className="presence-viewing muted small">Also viewing: {listOf(viewing)}</span>}
    </output>
  );
}

function listOf(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
