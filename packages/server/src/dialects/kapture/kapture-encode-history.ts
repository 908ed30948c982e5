import {
  encodeKapName,
  formatKapDateTime,
  type KapHistory,
  type KapHistoryCategory,
  type KapHistoryEntry,
} from '@deskwire/wire';
import type { FieldValue } from '../../core/domain.js';
import type { KaptureTicket } from '../../core/kapture/read-tickets.js';
import { kaptureTicketId } from '../../core/kapture/ticket-ids.js';
import { STATE_HISTORY_NAMES } from '../../core/kapture/ticket-state.js';
import {
  completeStatuses,
  type KapReadContext,
  nameOf,
  OUTBOUND_TYPES,
  subStatusName,
  text,
} from './kapture-read-context.js';

/** `history`: the requested categories, each oldest first (docs/kapture-api.md "History"). */
export function toHistory(
  t: KaptureTicket,
  ctx: KapReadContext,
  categories: readonly KapHistoryCategory[],
): KapHistory {
  if (categories.length === 0) return {};
  const date = (d: Date) => formatKapDateTime(d, ctx.settings.utcOffsetMinutes);
  const byName = (id: string | null) => encodeKapName(id ? nameOf(id, t, ctx) : 'System');
  const complete = completeStatuses(ctx.settings);
  const history: Record<KapHistoryCategory, KapHistoryEntry[]> = {
    create: [
      {
        field: 'ticket',
        old_value: '',
        new_value: kaptureTicketId(t.ticket.number, ctx.settings),
        changed_by: byName(t.ticket.createdBy),
        date: date(t.ticket.createdAt),
      },
    ],
    assigned: [],
    disposed: [],
    landing_queue: [],
    resolved: [],
    response: t.activities
      .filter((a) => OUTBOUND_TYPES.has(a.type))
      .map((a) => ({
        field: 'response',
        old_value: '',
        new_value: a.type,
        changed_by: byName(a.createdBy),
        date: date(a.createdAt),
      })),
    status: [],
    fields: [],
  };
  for (const change of t.history) {
    const entry = (shown: (v: FieldValue) => string, field = change.schemaName): KapHistoryEntry => ({
      field,
      old_value: shown(change.oldValue),
      new_value: shown(change.newValue),
      changed_by: byName(change.changedBy),
      date: date(change.changedAt),
    });
    switch (change.schemaName) {
      case 'RelatedAgentId':
        history.assigned.push(
          entry((v) => (typeof v === 'string' ? encodeKapName(nameOf(v, t, ctx)) : ''), 'assignee'),
        );
        break;
      case STATE_HISTORY_NAMES.disposition:
        history.disposed.push(entry((v) => text(v) || ctx.settings.defaultDisposition, 'disposition'));
        break;
      case STATE_HISTORY_NAMES.queueKey:
        history.landing_queue.push(
          entry((v) => ctx.settings.queues.find((q) => q.key === v)?.name ?? text(v), 'queue'),
        );
        break;
      case STATE_HISTORY_NAMES.callbackAt:
        history.fields.push(entry((v) => (typeof v === 'string' ? date(new Date(v)) : ''), 'callBack'));
        break;
      case 'Status': {
        const named = entry((v) => subStatusName(ctx.settings, v), 'substatus');
        (complete.has(text(change.newValue)) ? history.resolved : history.status).push(named);
        break;
      }
      default:
        history.fields.push(entry(text));
    }
  }
  return Object.fromEntries(categories.map((c) => [c, history[c]]));
}
