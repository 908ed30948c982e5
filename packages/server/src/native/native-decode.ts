import type { NativeTicketListQuery, NativeTicketSearchQuery } from '@deskwire/wire';
import type { TicketListQuery, TicketSortKey } from '../core/domain.js';
import { ApiError } from '../errors/api-error.js';

/** /api/v1 list and search query strings → the core's `TicketListQuery` (docs/api.md "Lists and search"). */
export function decodeListQuery(
  query: NativeTicketListQuery | NativeTicketSearchQuery,
  caller: { orgId: number; userId: string },
): TicketListQuery {
  const list = (value: string | undefined) => {
    const items = value
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    return items && items.length > 0 ? items : undefined;
  };
  const assignees = [
    ...(list(query.assignee)?.map((id) => id.toLowerCase()) ?? []),
    ...(query.mine === 'true' ? [caller.userId] : []),
  ];
  const sort = 'sort' in query && query.sort !== undefined ? decodeSort(query.sort) : undefined;
  const decoded: TicketListQuery = {
    orgId: caller.orgId,
    ...optional('status', list(query.status)),
    ...optional('priority', list(query.priority)),
    ...optional('channel', list(query.channel)),
    ...optional('type', list(query.type)),
    ...optional('subType', list(query.subType)),
    ...optional('tags', list(query.tags)),
    ...(assignees.length > 0 && { assigneeIds: assignees }),
    ...(query.unassigned === 'true' && { unassigned: true }),
    ...(query.trashed === 'true' && { trashed: true }),
    ...optional('createdFrom', date('createdFrom', query.createdFrom)),
    ...optional('createdTo', date('createdTo', query.createdTo)),
    ...optional('updatedFrom', date('updatedFrom', query.updatedFrom)),
    ...optional('updatedTo', date('updatedTo', query.updatedTo)),
    ...(query.limit !== undefined && { limit: Number(query.limit) }),
    ...(query.cursor !== undefined && { after: query.cursor }),
    ...(sort && { sort: sort.key, order: sort.order }),
    ...('q' in query && { text: query.q, includeNotes: true }),
  };
  return decoded;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function date(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new ApiError('ValidationError', `${name} is not a valid date-time`);
  return parsed;
}

/** `-updated` → updated, descending; `number` → number, ascending. */
function decodeSort(sort: string): { key: TicketSortKey; order: 'asc' | 'desc' } {
  const order = sort.startsWith('-') ? 'desc' : 'asc';
  return { key: sort.replace(/^-/, '') as TicketSortKey, order };
}
