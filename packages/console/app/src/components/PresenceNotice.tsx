import { useDesk } from '../session.js';

/**
 * "Someone else is replying": shown when the server offers presence (capabilities.presence). The native API
 * has no presence endpoint yet, so on today's servers this renders nothing; when one lands, this component
 * is where it is read (the ticket page already renders it above the composer).
 */
export function PresenceNotice(_props: { ticketRef: string }) {
  const { capabilities } = useDesk();
  if (!capabilities.presence) return null;
  return null;
}
