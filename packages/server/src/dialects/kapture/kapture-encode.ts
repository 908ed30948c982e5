import {
  encodeKapName,
  formatKapDateTime,
  formatKapTimestamp,
  type KapHistoryCategory,
  type KapTaskDetails,
  type KapTicketRecord,
  type KapTicketSummary,
  parseLsqDateTime,
} from '@deskwire/wire';
import type { ActivityType } from '../../core/domain.js';
import type { KaptureTicket } from '../../core/kapture/read-tickets.js';
import { KAPTURE_STATUS_NAMES, type SubStatus } from '../../core/kapture/settings.js';
import { kaptureTaskId, kaptureTicketId, numericIdOf } from '../../core/kapture/ticket-ids.js';
import { currentSubStatus } from '../../core/kapture/ticket-state.js';
import { toConversations } from './kapture-encode-conversations.js';
import { toHistory } from './kapture-encode-history.js';
import {
  attachmentOf,
  completeStatuses,
  type KapReadContext,
  nameOf,
  OUTBOUND_TYPES,
  text,
} from './kapture-read-context.js';

/** What a read adds beside `task_details` (K3's flags, decoded). */
export interface KapReadOptions {
  conversations: 'chat' | 'notes' | 'all' | undefined;
  history: readonly KapHistoryCategory[];
  includeEmailBody: boolean;
}

const CUSTOM = 'CustomData.';
const CONVERSATION_TYPES: readonly ActivityType[] = [
  'InboundEmail',
  'OutboundEmail',
  'PortalInbound',
  'PortalOutbound',
];
/** Kapture's priority as a number on K1/K2 (`"priority":0` for a low one), by the default priority names. */
const PRIORITY_NUMBER: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2, urgent: 3 };

/** The activity types a read must load for the requested conversations and history. */
export function activityTypesFor(options: KapReadOptions): ActivityType[] {
  const types = new Set<ActivityType>();
  if (options.conversations === 'chat' || options.conversations === 'all')
    for (const t of CONVERSATION_TYPES) types.add(t);
  if (options.conversations === 'notes' || options.conversations === 'all') types.add('InternalNote');
  if (options.history.includes('response')) for (const t of OUTBOUND_TYPES) types.add(t);
  return [...types];
}

/** One K3 element: `additional_info`, `history`, `task_details`, and `conversation_type` when asked for. */
export function toTicketRecord(t: KaptureTicket, ctx: KapReadContext, options: KapReadOptions): KapTicketRecord {
  return {
    additional_info: toAdditionalInfo(t),
    history: toHistory(t, ctx, options.history),
    task_details: toTaskDetails(t, ctx),
    ...(options.conversations && {
      conversation_type: toConversations(t, ctx, options.conversations, options.includeEmailBody),
    }),
  };
}

/** `task_details` (and a K4 item), in the get-ticket example's key order. */
export function toTaskDetails(t: KaptureTicket, ctx: KapReadContext): KapTaskDetails {
  const f = facts(t, ctx);
  const date = (d: Date) => formatKapDateTime(d, ctx.settings.utcOffsetMinutes);
  const queue = ctx.settings.queues.find((q) => q.key === t.state.queueKey);
  return {
    date: date(t.ticket.createdAt),
    tat: f.closedAt ? duration(t.ticket.createdAt, f.closedAt) : '',
    sla: '',
    status: KAPTURE_STATUS_NAMES[f.subStatus.status],
    nextFollowUp: date(t.state.callbackAt ?? t.ticket.createdAt),
    lastFollowUp: date(t.ticket.updatedAt),
    taskId: f.taskId,
    email: t.lead?.email ?? '',
    phone: t.lead?.phone ?? '',
    lastSource: f.lastSource,
    lastConvesationTime: date(t.stats?.last?.createdAt ?? t.ticket.createdAt),
    title: text(t.values.get('Title')),
    orderId: '',
    primarySource: f.primarySource,
    ticketEmail: '',
    folderId: 0,
    ticketId: f.ticketId,
    detail: text(t.values.get('Description')),
    mergedTicketId: '',
    contactId: 0,
    productId: 0,
    creatorId: numericIdOf(t.ticket.createdBy),
    customerId: numericIdOf(t.lead?.id),
    assignedId: numericIdOf(f.assigneeId),
    creatorName: encodeKapName(nameOf(t.ticket.createdBy, t, ctx)),
    priority: text(t.values.get('Priority')).toLowerCase(),
    attachment: '',
    pendingTaskId: 0,
    ticketCloseEmpId: numericIdOf(f.closedBy),
    assignedToName: encodeKapName(nameOf(f.assigneeId, t, ctx)),
    callBack: t.state.callbackAt ? date(t.state.callbackAt) : '',
    queueKey: queue?.key ?? '',
    customer_rating: 0,
    lastConversationId: t.stats?.last?.id ?? 0,
    slaStatus: f.outOfSla ? 'out of sla' : 'within sla',
    queueName: queue?.name ?? '',
    total_conversations: f.activityCount,
    disposition: t.state.disposition ?? ctx.settings.defaultDisposition,
    taskEnddate: f.closedAt ? date(f.closedAt) : '',
    customer_feedback: '',
    url: `${ctx.baseUrl}/employee/view-task-detail.html?detail=5/${f.taskId}/${f.ticketId}`,
    substatus: f.subStatus.name,
    substatusKey: f.subStatus.key,
    assigneeCode: '',
    ftr: f.closedAt && !f.reopened ? 'yes' : 'no',
    attachments: t.files.map((a) => attachmentOf(a, a.fileName, ctx)),
  };
}

/** The `ticket` object of the K1/K2 responses. */
export function toTicketSummary(t: KaptureTicket, ctx: KapReadContext): KapTicketSummary {
  const f = facts(t, ctx);
  const queue = ctx.settings.queues.find((q) => q.key === t.state.queueKey);
  const counts = t.stats?.counts ?? {};
  const agentActivity = (counts.InternalNote ?? 0) + (counts.OutboundEmail ?? 0) + (counts.PortalOutbound ?? 0);
  return {
    id: f.taskId,
    type: f.primarySource === 'Email' ? 'E' : 'O',
    email: t.lead?.email ?? '',
    phone: t.lead?.phone ?? '',
    status: f.subStatus.status,
    ticketId: f.ticketId,
    queueKey: queue?.key ?? '',
    priority: PRIORITY_NUMBER[text(t.values.get('Priority')).toLowerCase()] ?? 0,
    isUnread: agentActivity === 0,
    isOutOfSLA: f.outOfSla,
    substatus: f.subStatus.key,
    statusName: KAPTURE_STATUS_NAMES[f.subStatus.status],
    assignedToId: numericIdOf(f.assigneeId),
    contactId: 0,
    lastConversationType: t.stats?.last?.type.endsWith('Email') ? 'E' : 'O',
    lastConversationTime: (t.stats?.last?.createdAt ?? t.ticket.createdAt).getTime(),
    date: formatKapTimestamp(t.ticket.createdAt, ctx.settings.utcOffsetMinutes),
    totalConversationCount: f.activityCount,
    taskTitle: text(t.values.get('Title')),
    typeName: f.primarySource,
    substatusName: f.subStatus.name,
    queueName: queue?.name ?? '',
    disposition: t.state.disposition ?? ctx.settings.defaultDisposition,
  };
}

/** `additional_info`: the ticket's custom field values (without the `CustomData.` prefix) and extra fields. */
export function toAdditionalInfo(t: KaptureTicket): Record<string, unknown> {
  const info: Record<string, unknown> = {};
  for (const [name, value] of t.values) if (name.startsWith(CUSTOM)) info[name.slice(CUSTOM.length)] = value;
  return { ...info, ...t.state.additionalInfo };
}

/**
 * When the ticket's encoding would change with the clock alone (ms since the epoch): an open ticket
 * with a due date still ahead turns out of SLA the instant after it. `undefined` when it never will
 * by itself (no due date, closed, or already out of SLA).
 */
export function slaTurnsAt(t: KaptureTicket, ctx: KapReadContext): number | undefined {
  const { closedAt, dueAt } = facts(t, ctx);
  if (closedAt || dueAt === undefined || ctx.now.getTime() > dueAt.getTime()) return undefined;
  return dueAt.getTime() + 1;
}

/** Facts several keys derive from. */
function facts(t: KaptureTicket, ctx: KapReadContext) {
  const { settings } = ctx;
  const subStatus: SubStatus = currentSubStatus(settings, t.values.get('Status') ?? null, t.state.subStatusKey);
  const complete = completeStatuses(settings);
  const statusChanges = t.history.filter((c) => c.schemaName === 'Status');
  let closedAt: Date | null = null;
  let closedBy: string | null = null;
  if (subStatus.status === 'C') {
    const closing = statusChanges.findLast((c) => complete.has(text(c.newValue)));
    closedAt = closing?.changedAt ?? t.ticket.createdAt;
    closedBy = closing ? closing.changedBy : t.ticket.createdBy;
  }
  const agent = t.values.get('RelatedAgentId');
  const primarySource = text(t.values.get('Channel'));
  const last = t.stats?.last;
  const due = t.values.get('DueDate');
  const dueAt = typeof due === 'string' ? parseLsqDateTime(due) : undefined;
  return {
    subStatus,
    closedAt,
    closedBy,
    reopened: statusChanges.some((c) => complete.has(text(c.oldValue)) && !complete.has(text(c.newValue))),
    ticketId: kaptureTicketId(t.ticket.number, settings),
    taskId: kaptureTaskId(t.ticket.number, settings),
    assigneeId: typeof agent === 'string' && agent ? agent : t.ticket.createdBy,
    primarySource,
    lastSource: last ? (sourceOf(last.type) ?? primarySource) : primarySource,
    activityCount: Object.values(t.stats?.counts ?? {}).reduce((sum, n) => sum + n, 0),
    outOfSla: dueAt !== undefined && (closedAt ?? ctx.now).getTime() > dueAt.getTime(),
    dueAt,
  };
}

function sourceOf(type: ActivityType): string | undefined {
  if (type === 'InboundEmail' || type === 'OutboundEmail') return 'Email';
  if (type === 'PortalInbound' || type === 'PortalOutbound') return 'Portal';
  return undefined;
}

/** `N Day N Hr N Min`, the turnaround form dashboards parse (vendor-apis.md §2.3 `tat`). */
function duration(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
  return `${Math.floor(minutes / 1440)} Day ${Math.floor((minutes % 1440) / 60)} Hr ${minutes % 60} Min`;
}
