import {
  KAP_HISTORY_CATEGORIES,
  KAP_MAX_TICKET_IDS,
  KAP_MESSAGES,
  KapAddTicketRequest,
  KapAddTicketResponse,
  KapGetTicketsRequest,
  KapGetTicketsResponse,
  type KapHistoryCategory,
  KapPullTicketsRequest,
  KapPullTicketsResponse,
  KapUpdateTicketRequest,
  KapUpdateTicketResponse,
} from '@deskwire/wire';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { presignAttachments } from '../../blobs/presign-attachments.js';
import { createKaptureTicket, updateKaptureTicket } from '../../core/kapture-ticket-writes.js';
import {
  getKaptureTickets,
  getKaptureTicketsById,
  type KaptureTicket,
  pullKaptureTickets,
} from '../../core/kapture-tickets.js';
import type { Deskwire } from '../../deskwire.js';
import { ApiError } from '../../errors/api-error.js';
import type { ResolvedServerOptions } from '../../http/build-app.js';
import { downloadPath } from '../../http/download-route.js';
import { requirePrincipal } from '../../http/request-context.js';
import { installKapAuth } from './kapture-auth.js';
import { installKapErrorHandler } from './kapture-errors.js';
import {
  activityTypesFor,
  type KapReadOptions,
  toTaskDetails,
  toTicketRecord,
  toTicketSummary,
} from './kapture-mapper.js';
import { installKapRateLimit } from './kapture-rate-limit.js';
import type { KapReadContext } from './kapture-read-context.js';
import { isBlank, objectBody, oneObjectBody, validator } from './kapture-validate.js';

/** The four ticket endpoints of the Kapture API v.2.0 (vendor-apis.md §2.1–2.4), at the server's root. */
export const KAPTURE_PATHS = Object.freeze({
  addTicket: '/add-ticket-from-other-source.html/v.2.0',
  updateTicket: '/update-ticket-from-other-source.html/v.2.0',
  getTickets: '/search-ticket-by-ticket-id.html/v.2.0',
  pullTickets: '/select-ticket-between-start-and-end-dates.html/v.2.0',
});

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

/**
 * The Kapture CRM dialect over the same ticket store as the LeadSquared one. Each route decodes the
 * body (documented failures first, in the documented words), calls the core, and encodes.
 */
export async function kaptureRoutes(
  app: FastifyInstance,
  opts: { deskwire: Deskwire; options: ResolvedServerOptions },
): Promise<void> {
  const { deskwire, options } = opts;
  installKapErrorHandler(app);
  installKapAuth(app, deskwire);
  await installKapRateLimit(app);

  const readContext = async (
    request: FastifyRequest,
    loaded: Pick<KapReadContext, 'settings' | 'users'> & { tickets: readonly KaptureTicket[] },
  ) => {
    const base = options.publicUrl ?? `${request.protocol}://${request.host}`;
    const expiresAt = new Date(deskwire.now().getTime() + options.downloadUrlTtlSeconds * 1000);
    // The blob store's pre-signed URLs (S3, as the vendor) when it has them; else Deskwire-signed `/files` URLs.
    const presigned = await presignAttachments(
      deskwire.blobs,
      loaded.tickets.flatMap((t) => [...t.files, ...t.activities.flatMap((a) => a.attachments)]),
      options.downloadUrlTtlSeconds,
    );
    const context: KapReadContext = {
      ...loaded,
      tenantName: requirePrincipal(request).tenant.name,
      baseUrl: base,
      sign: (a) => {
        const url = presigned.get(a.id);
        if (url !== undefined) return url;
        const path = downloadPath(a.id, a.fileName);
        return `${base}${path}?${deskwire.signer.sign(path, expiresAt)}`;
      },
      now: deskwire.now(),
    };
    return context;
  };

  /** One ticket, freshly read, as the `ticket` object of K1/K2. */
  const summary = async (request: FastifyRequest, number: number) => {
    const loaded = await getKaptureTickets(
      { orgId: requirePrincipal(request).tenant.orgId, numbers: [number] },
      deskwire,
    );
    const ticket = loaded.tickets[0];
    if (!ticket) throw new ApiError('TicketNotFound', KAP_MESSAGES.noDataFound);
    return toTicketSummary(ticket, await readContext(request, loaded));
  };

  // Every Kapture endpoint is POST; another method on its path fails in Kapture's shape, not the server's.
  for (const url of Object.values(KAPTURE_PATHS)) {
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url,
      config: { rateLimit: false },
      handler: async (request) => {
        throw new ApiError('NotFound', `${request.method} is not supported; this API takes POST with a JSON body`);
      },
    });
  }

  // K3 — https://dev.kapture.cx/kapture-api/reference/api-reference/get-ticket-api
  app.post(
    KAPTURE_PATHS.getTickets,
    { config: { operation: 'kapture.getTickets' }, schema: { response: { 200: KapGetTicketsResponse } } },
    async (request) => {
      const body = objectBody(request.body);
      if (isBlank(body.ticket_ids)) throw new ApiError('ValidationError', KAP_MESSAGES.ticketIdsMissing);
      const dto = checkGet(dropBlanks(body, Object.keys(body)));
      const ids = String(dto.ticket_ids)
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      if (ids.length === 0) throw new ApiError('ValidationError', KAP_MESSAGES.ticketIdsMissing);
      if (ids.length > KAP_MAX_TICKET_IDS) {
        throw new ApiError('ValidationError', `At most ${KAP_MAX_TICKET_IDS} ticket_ids per call.`);
      }
      const readOptions = readOptionsOf(dto);
      const loaded = await getKaptureTicketsById(
        { orgId: requirePrincipal(request).tenant.orgId, ticketIds: ids, activityTypes: activityTypesFor(readOptions) },
        deskwire,
      );
      const context = await readContext(request, loaded);
      return loaded.tickets.map((t) => toTicketRecord(t, context, readOptions));
    },
  );

  // K1 — https://dev.kapture.cx/kapture-api/reference/api-reference/add-ticket-api
  app.post(
    KAPTURE_PATHS.addTicket,
    { config: { operation: 'kapture.createTicket' }, schema: { response: { 200: KapAddTicketResponse } } },
    async (request) => {
      const body = oneObjectBody(request.body);
      if (isBlank(body.title)) throw new ApiError('MandatoryFieldMissing', KAP_MESSAGES.titleMissing);
      const dto = checkAdd(dropBlanks(body, ADD_KEYS));
      const { tenant, user } = requirePrincipal(request);
      const { number } = await createKaptureTicket(
        {
          orgId: tenant.orgId,
          actor: user,
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
        },
        deskwire,
      );
      const ticket = await summary(request, number);
      return { ticket, ticket_id: ticket.ticketId, message: 'Ticket created successfully', status: 'success' as const };
    },
  );

  // K2 — https://dev.kapture.cx/kapture-api/reference/api-reference/update-ticket-api
  app.post(
    KAPTURE_PATHS.updateTicket,
    { config: { operation: 'kapture.updateTicket' }, schema: { response: { 200: KapUpdateTicketResponse } } },
    async (request) => {
      const body = oneObjectBody(request.body);
      if (isBlank(body.ticket_id)) throw new ApiError('TicketNotFound', KAP_MESSAGES.noDataFound);
      const dto = checkUpdate(dropBlanks(body, UPDATE_KEYS));
      const { tenant, user } = requirePrincipal(request);
      const { number } = await updateKaptureTicket(
        {
          orgId: tenant.orgId,
          actor: user,
          ticketId: String(dto.ticket_id),
          ...defined({
            comment: dto.comment,
            callbackTime: dto.callback_time,
            subStatus: dto.sub_status,
            queue: dto.queue,
            disposition: dto.disposition,
          }),
          extra: extraFields(body, UPDATE_KEYS),
        },
        deskwire,
      );
      return {
        ticket: await summary(request, number),
        message: 'Ticket updated successfully',
        status: 'success' as const,
      };
    },
  );

  // K4 — https://dev.kapture.cx/kapture-api/reference/api-reference/pull-ticket-api-by-date-range
  app.post(
    KAPTURE_PATHS.pullTickets,
    { config: { operation: 'kapture.pullTickets' }, schema: { response: { 200: KapPullTicketsResponse } } },
    async (request) => {
      const body = oneObjectBody(request.body);
      if (isBlank(body.start_date)) throw new ApiError('ValidationError', KAP_MESSAGES.startDateMissing);
      if (isBlank(body.end_date)) throw new ApiError('ValidationError', KAP_MESSAGES.endDateMissing);
      const dto = checkPull(dropBlanks(body, ['limit', 'offset']));
      const count = (value: number | string | undefined) => (value === undefined ? undefined : Number(value));
      const pulled = await pullKaptureTickets(
        {
          orgId: requirePrincipal(request).tenant.orgId,
          startDate: dto.start_date.trim(),
          endDate: dto.end_date.trim(),
          ...defined({ limit: count(dto.limit), offset: count(dto.offset) }),
        },
        deskwire,
      );
      const context = await readContext(request, pulled);
      return {
        totalCount: pulled.total,
        message: pulled.tickets.map((t) => toTaskDetails(t, context)),
        status: 'success' as const,
      };
    },
  );
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
function dropBlanks(body: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy = { ...body };
  for (const key of keys) if (isBlank(copy[key])) delete copy[key];
  return copy;
}

/** The keys beside the documented ones: tenant fields. */
function extraFields(body: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !known.includes(key)));
}

/** Drops `undefined` values, for exact optional properties. */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
