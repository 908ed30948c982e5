import { KAP_MESSAGES, KAP_PULL_DEFAULT_LIMIT, KAP_PULL_MAX_LIMIT, parseKapDate } from '@deskwire/wire';
import { ApiError } from '../../errors/api-error.js';
import type { CoreDeps } from '../deps.js';
import type { ActivityType, KaptureTicketState } from '../domain.js';
import { listTicketsCreatedBetween } from '../list-tickets.js';
import {
  loadTicketRecords,
  type TicketRecord,
  type TicketRecords,
  type TicketRecordsQuery,
} from '../load-ticket-records.js';
import type { TenantSnapshot } from '../tenant-config.js';
import { getKaptureSettings, type KaptureSettings } from './settings.js';
import { ticketNumberOf } from './ticket-ids.js';
import { EMPTY_STATE } from './ticket-state.js';

/** A ticket as the Kapture dialect reads it: the shared record plus its Kapture-only state. */
export interface KaptureTicket extends TicketRecord {
  state: KaptureTicketState;
}

export interface KaptureTickets extends Omit<TicketRecords, 'records'> {
  settings: KaptureSettings;
  tickets: KaptureTicket[];
}

/** Loads tickets by number for a Kapture read, with the tenant's Kapture settings. */
export async function getKaptureTickets(
  input: TicketRecordsQuery,
  deps: Pick<CoreDeps, 'storage'>,
): Promise<KaptureTickets> {
  const [settings, loaded] = await Promise.all([
    getKaptureSettings(input.orgId, deps, input.config),
    loadTicketRecords(input, deps),
  ]);
  const states = await deps.storage.kapture.getTicketStates(loaded.records.map((r) => r.ticket.id));
  return {
    settings,
    users: loaded.users,
    tickets: loaded.records.map((record) => ({ ...record, state: states.get(record.ticket.id) ?? EMPTY_STATE })),
  };
}

/**
 * Loads tickets by their 12-digit `ticketId`s, in the order given, duplicates once. Ids that name no
 * live ticket of the tenant (malformed, unknown, trashed) are simply absent, as on Kapture's K3.
 */
export async function getKaptureTicketsById(
  input: {
    orgId: number;
    ticketIds: readonly string[];
    activityTypes?: readonly ActivityType[];
    config?: TenantSnapshot | undefined;
  },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<KaptureTickets> {
  return getKaptureTickets({ ...input, numbers: await kaptureTicketNumbers(input, deps) }, deps);
}

/** The ticket numbers that K3's 12-digit `ticketId`s name, in the order given (malformed ones left out). */
export async function kaptureTicketNumbers(
  input: { orgId: number; ticketIds: readonly string[]; config?: TenantSnapshot | undefined },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<number[]> {
  const settings = await getKaptureSettings(input.orgId, deps, input.config);
  return input.ticketIds.flatMap((id) => {
    const number = ticketNumberOf(id, settings);
    return number === undefined ? [] : [number];
  });
}

export interface PullKaptureTicketsInput {
  orgId: number;
  /** `YYYY-MM-DD` in the tenant's zone; `undefined` when not sent. */
  startDate: string | undefined;
  endDate: string | undefined;
  limit?: number;
  offset?: number;
}

/**
 * K4: the tickets created on one day of the tenant's zone (`end_date` inclusive, so at most 24 hours
 * of data means `end_date` equals `start_date`), oldest first, one page, with the count of all.
 */
export async function pullKaptureTickets(
  input: PullKaptureTicketsInput,
  deps: Pick<CoreDeps, 'storage'>,
): Promise<KaptureTickets & { total: number }> {
  const settings = await getKaptureSettings(input.orgId, deps);
  const offsetMinutes = settings.utcOffsetMinutes;
  if (input.startDate === undefined) throw new ApiError('ValidationError', KAP_MESSAGES.startDateMissing);
  if (input.endDate === undefined) throw new ApiError('ValidationError', KAP_MESSAGES.endDateMissing);
  const from = parseKapDate(input.startDate, offsetMinutes);
  if (!from) throw new ApiError('ValidationError', 'Invalid Format.start_date should be yyyy-MM-dd.');
  const end = parseKapDate(input.endDate, offsetMinutes);
  if (!end) throw new ApiError('ValidationError', 'Invalid Format.end_date should be yyyy-MM-dd.');
  if (end.getTime() < from.getTime())
    throw new ApiError('ValidationError', 'end_date should not be before start_date.');
  if (end.getTime() > from.getTime()) {
    throw new ApiError(
      'ValidationError',
      'Date range should not exceed 24 hours: end_date (inclusive) should equal start_date.',
    );
  }
  const limit = input.limit ?? KAP_PULL_DEFAULT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > KAP_PULL_MAX_LIMIT) {
    throw new ApiError('ValidationError', `limit should be a number from 1 to ${KAP_PULL_MAX_LIMIT}.`);
  }
  const offset = input.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ApiError('ValidationError', 'offset should be a number from 0.');
  }
  const to = new Date(end.getTime() + DAY_MS);
  const { total, numbers } = await listTicketsCreatedBetween({ orgId: input.orgId, from, to, limit, offset }, deps);
  return { ...(await getKaptureTickets({ orgId: input.orgId, numbers }, deps)), total };
}

const DAY_MS = 24 * 60 * 60 * 1000;
