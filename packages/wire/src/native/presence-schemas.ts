import { type Static, Type } from '@sinclair/typebox';

/**
 * Ticket presence on `/api/v1` (docs/api.md "Presence"): who else has a ticket open, and whether they are
 * writing a reply. A heartbeat, not a lock: an entry lapses after `ttlSeconds` unless renewed.
 */

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** Seconds a presence heartbeat lasts unless renewed (the console renews every third of it). */
export const PRESENCE_TTL_SECONDS = 30;

export const PresenceActivity = Type.Union([Type.Literal('viewing'), Type.Literal('replying')]);
export type PresenceActivity = Static<typeof PresenceActivity>;

export const NativePresenceBody = closed({ activity: PresenceActivity });
export type NativePresenceBody = Static<typeof NativePresenceBody>;

export const PresenceEntryView = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  activity: PresenceActivity,
  /** When this agent started the current activity (a heartbeat with the same activity keeps it). */
  since: Type.String(),
  /** When the entry lapses unless renewed. */
  expiresAt: Type.String(),
});
export type PresenceEntryView = Static<typeof PresenceEntryView>;

/** The other agents on a ticket (never the caller), replying ones first. */
export const PresenceView = Type.Object({
  ticketNumber: Type.Integer(),
  ttlSeconds: Type.Integer(),
  agents: Type.Array(PresenceEntryView),
});
export type PresenceView = Static<typeof PresenceView>;
