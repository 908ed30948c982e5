import {
  KAP_HISTORY_CATEGORIES,
  KAP_MAX_TICKET_IDS,
  KAP_MESSAGES,
  KapAddTicketRequest,
  KapGetTicketsRequest,
  type KapHistoryCategory,
  KapPullTicketsRequest,
  KapUpdateTicketRequest,
} from '@deskwire/wire';
import type { User } from '../../core/domain.js';
import type { PullKaptureTicketsInput } from '../../core/kapture/read-tickets.js';
import type { CreateKaptureTicketInput, UpdateKaptureTicketInput } from '../../core/kapture/write-tickets.js';
import { ApiError } from '../../errors/api-error.js';
import { validator } from '../../http/body-validator.js';
import type { KapReadOptions } from './kapture-encode.js';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalidJson = () => new ApiError('InvalidJson', 'Invalid Json.');

/**
 * K3's body: a JSON object. An array (or any other JSON value) is "Invalid Json." as documented; no
 * body at all reads as `{}`, so the missing field is named instead.
 */
export function objectBody(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw invalidJson();
  return body;
}

/**
 * K1, K2 and K4 bodies: the documented array of one object, or the bare object. An empty array, an array
 * of several objects or anything but objects is "Invalid Json."; no body at all reads as `{}`.
 */
export function oneObjectBody(body: unknown): JsonObject {
  if (Array.isArray(body)) {
    if (body.length !== 1 || !isObject(body[0])) throw invalidJson();
    return body[0];
  }
  return objectBody(body);
}

/** `""`, whitespace, `null` and absent all mean "not given" (the docs' examples send every field as `""`). */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/*
 * Kapture wire → core input. Each decoder checks the documented failures first, in the documented words
 * (docs/kapture-api.md "Failures"), then validates against the wire schema.
 */

const ADD_KEYS = [
  'title',
  'ticket_details',
  'due_date',
  'email_id',
  'phone',
  'customer_name',
  'priority',
  'sub_status',
  'queue',
  'disposition',
] as const;
const UPDATE_KEYS = ['ticket_id', 'comment', 'callback_time', 'sub_status', 'queue', 'disposition'] as const;
const HISTORY_FLAGS = ['create', 'assigned', 'disposed', 'landing_queue', 'resolved', 'response'] as const;

const checkGet = validator(KapGetTicketsRequest);
const checkAdd = validator(KapAddTicketRequest);
const checkUpdate = validator(KapUpdateTicketRequest);
const checkPull = validator(KapPullTicketsRequest);

/** K3's body: the ticket ids asked for and the read flags. */
export function decodeGetTickets(raw: unknown): { ticketIds: string[]; readOptions: KapReadOptions } {
  const body = objectBody(raw);
  if (isBlank(body.ticket_ids)) throw new ApiError('ValidationError', KAP_MESSAGES.ticketIdsMissing);
  const dto = checkGet(dropBlanks(body, Object.keys(body)));
  const ticketIds = String(dto.ticket_ids)
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ticketIds.length === 0) throw new ApiError('ValidationError', KAP_MESSAGES.ticketIdsMissing);
  if (ticketIds.length > KAP_MAX_TICKET_IDS) {
    throw new ApiError('ValidationError', `At most ${KAP_MAX_TICKET_IDS} ticket_ids per call.`);
  }
  return { ticketIds, readOptions: readOptionsOf(dto) };
}

/** K1's body → the create input. */
export function decodeAddTicket(raw: unknown, caller: { orgId: number; actor: User }): CreateKaptureTicketInput {
  const body = oneObjectBody(raw);
  if (isBlank(body.title)) throw new ApiError('MandatoryFieldMissing', KAP_MESSAGES.titleMissing);
  const dto = checkAdd(dropBlanks(body, ADD_KEYS));
  return {
    ...caller,
    title: dto.title,
    ...defined({
      details: dto.ticket_details,
      dueDate: dto.due_date,
      priority: dto.priority,
      subStatus: dto.sub_status,
      queue: dto.queue,
      disposition: dto.disposition,
    }),
    customer: defined({ email: dto.email_id, phone: dto.phone, name: dto.customer_name }),
    extra: extraFields(body, ADD_KEYS),
  };
}

/** K2's body → the update input. */
export function decodeUpdateTicket(raw: unknown, caller: { orgId: number; actor: User }): UpdateKaptureTicketInput {
  const body = oneObjectBody(raw);
  if (isBlank(body.ticket_id)) throw new ApiError('TicketNotFound', KAP_MESSAGES.noDataFound);
  const dto = checkUpdate(dropBlanks(body, UPDATE_KEYS));
  return {
    ...caller,
    ticketId: String(dto.ticket_id),
    ...defined({
      comment: dto.comment,
      callbackTime: dto.callback_time,
      subStatus: dto.sub_status,
      queue: dto.queue,
      disposition: dto.disposition,
    }),
    extra: extraFields(body, UPDATE_KEYS),
  };
}

/** K4's body → the pull input. */
export function decodePullTickets(raw: unknown, orgId: number): PullKaptureTicketsInput {
  const body = oneObjectBody(raw);
  if (isBlank(body.start_date)) throw new ApiError('ValidationError', KAP_MESSAGES.startDateMissing);
  if (isBlank(body.end_date)) throw new ApiError('ValidationError', KAP_MESSAGES.endDateMissing);
  const dto = checkPull(dropBlanks(body, ['limit', 'offset']));
  const count = (value: number | string | undefined) => (value === undefined ? undefined : Number(value));
  return {
    orgId,
    startDate: dto.start_date.trim(),
    endDate: dto.end_date.trim(),
    ...defined({ limit: count(dto.limit), offset: count(dto.offset) }),
  };
}

/** K3's flags, decoded (docs/kapture-api.md "Get"). */
function readOptionsOf(dto: KapGetTicketsRequest): KapReadOptions {
  let conversations: KapReadOptions['conversations'];
  if (!isBlank(dto.conversation_type)) {
    const value = String(dto.conversation_type).trim().toLowerCase();
    if (value !== 'chat' && value !== 'notes' && value !== 'all') {
      throw new ApiError('ValidationError', 'conversation_type should be chat, notes or all.');
    }
    conversations = value;
  }
  const history: KapHistoryCategory[] = isOn(dto.history_type)
    ? [...KAP_HISTORY_CATEGORIES]
    : HISTORY_FLAGS.filter((flag) => isOn(dto[flag]));
  return { conversations, history, includeEmailBody: isOn(dto.include_emailbody) };
}

/** A flag is on when given and not `0`, `false`, `no` or `n`. */
function isOn(value: string | undefined): boolean {
  return !isBlank(value) && !/^\s*(0|false|no|n)\s*$/i.test(value ?? '');
}

/** The body without the listed keys whose value is blank (`""`, `null`): the docs send unused fields as `""`. */
export function dropBlanks(body: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy = { ...body };
  for (const key of keys) if (isBlank(copy[key])) delete copy[key];
  return copy;
}

/** The keys beside the documented ones: tenant fields. */
export function extraFields(body: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !known.includes(key)));
}

/** Drops `undefined` values, for exact optional properties. */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
