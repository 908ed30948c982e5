import type { KaptureSettings } from './settings.js';

/**
 * Kapture ids of a ticket, derived from its per-tenant number, so every ticket has them (those created
 * through the LeadSquared dialect too) without storing anything: `ticketId` = `ticketIdBase` + number
 * (12 digits, a string), `taskId` = `taskIdBase` + number (a number). The demo tenant's bases make
 * ticket #143 the vendor example's `713516551148` / `530348198`.
 */
export function kaptureTicketId(number: number, settings: Pick<KaptureSettings, 'ticketIdBase'>): string {
  return String(settings.ticketIdBase + number);
}

export function kaptureTaskId(number: number, settings: Pick<KaptureSettings, 'taskIdBase'>): number {
  return settings.taskIdBase + number;
}

/** The ticket number a `ticketId` names, or `undefined` when it cannot be one of this tenant's. */
export function ticketNumberOf(ticketId: string, settings: Pick<KaptureSettings, 'ticketIdBase'>): number | undefined {
  const value = ticketId.trim();
  if (!/^[0-9]{12}$/.test(value)) return undefined;
  const number = Number(value) - settings.ticketIdBase;
  return Number.isSafeInteger(number) && number >= 1 ? number : undefined;
}

/**
 * Kapture's people ids (`creatorId`, `assignedId`, `customerId`, …) are numbers; Deskwire's users and
 * leads have GUIDs. The number is the GUID's first 28 bits (at most 9 digits, as Kapture's, and within
 * a signed 32-bit integer): stable, and `0` stands for "nobody".
 */
export function numericIdOf(guid: string | null | undefined): number {
  if (!guid) return 0;
  const value = Number.parseInt(guid.replace(/-/g, '').slice(0, 7), 16);
  return Number.isSafeInteger(value) ? value : 0;
}
