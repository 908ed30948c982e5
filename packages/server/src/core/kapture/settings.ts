import { ApiError } from '../../errors/api-error.js';
import type { CoreDeps } from '../deps.js';
import type { TenantSnapshot } from '../tenant-config.js';

/**
 * Kapture's two ticket states, by code: `P` Pending (open in any way) and `C` Complete. The K1 example
 * shows `"status":"P","statusName":"Pending"`; a closed ticket reads `status` "Complete" (vendor-apis.md §2.3).
 */
export const KAPTURE_STATUS_NAMES = Object.freeze({ P: 'Pending', C: 'Complete' } as const);
export type KaptureStatus = keyof typeof KAPTURE_STATUS_NAMES;

/**
 * A sub-status: what K2's `sub_status` takes (its `key`) and reads show (`substatus` name, `substatusKey`).
 * `ticketStatus` is a value of the tenant's `Status` lookup: setting the sub-status sets that Status,
 * and a ticket's Status (however set, LeadSquared dialect included) reads back as its sub-status.
 */
export interface SubStatus {
  key: string;
  name: string;
  status: KaptureStatus;
  ticketStatus: string;
}

/** A queue a ticket can be routed to with K2's `queue` (by `key`); reads show `queueKey` and `queueName`. */
export interface Queue {
  key: string;
  name: string;
}

/** A tenant's Kapture configuration (`deskwire kapture config`). */
export interface KaptureSettings {
  /** `ticketId` = base + ticket number; 12 digits (base in [10^11, 9×10^11]). */
  ticketIdBase: number;
  /** `taskId` = base + ticket number. */
  taskIdBase: number;
  /** The zone of every Kapture date, minutes east of UTC (+330 is IST). */
  utcOffsetMinutes: number;
  /** In display order; for a Status shared by several, the first is the one reads show by default. */
  subStatuses: SubStatus[];
  queues: Queue[];
  /** Category paths `L1|L2|L3`. */
  dispositions: string[];
  /** The disposition of a new ticket; one of `dispositions`. */
  defaultDisposition: string;
}

/**
 * Defaults. Sub-status keys: `P` Pending and `CL` Closed are the docs' own examples (update-ticket-api);
 * `OP`, `IN`, `RS`, `CRS` are the keys a public integration maps (nammayatri, vendor-apis.md §2.2). Each maps
 * onto the default LeadSquared Status values (Open, In Progress, On Hold, Resolved, Closed). Dispositions
 * start with `Inbox`, the example's disposition of a new ticket. The zone is IST, which the K1 example's
 * `date` / `lastConversationTime` pair shows. Ids: ticket #1 is `100000000001`, its taskId 1.
 */
export const DEFAULT_KAPTURE_SETTINGS: Readonly<KaptureSettings> = Object.freeze<KaptureSettings>({
  ticketIdBase: 100_000_000_000,
  taskIdBase: 0,
  utcOffsetMinutes: 330,
  subStatuses: [
    { key: 'OP', name: 'Open', status: 'P', ticketStatus: 'Open' },
    { key: 'IN', name: 'In Progress', status: 'P', ticketStatus: 'In Progress' },
    { key: 'P', name: 'Pending', status: 'P', ticketStatus: 'On Hold' },
    { key: 'RS', name: 'Resolved', status: 'C', ticketStatus: 'Resolved' },
    { key: 'CL', name: 'Closed', status: 'C', ticketStatus: 'Closed' },
    { key: 'CRS', name: 'Reopened', status: 'P', ticketStatus: 'Open' },
  ],
  queues: [
    { key: 'L1', name: 'Level 1 Support' },
    { key: 'L2', name: 'Level 2 Support' },
    { key: 'ESC', name: 'Escalations' },
  ],
  dispositions: [
    'Inbox',
    'Query',
    'Query|Account',
    'Query|Billing',
    'Complaint',
    'Complaint|Service',
    'Request',
    'Request|Information',
  ],
  defaultDisposition: 'Inbox',
});

const MIN_TICKET_BASE = 100_000_000_000;
const MAX_TICKET_BASE = 900_000_000_000;
const MAX_TASK_BASE = 1_000_000_000_000_000;
const KEY = /^[A-Za-z0-9_-]{1,20}$/;

/**
 * The tenant's settings, or the defaults where it has none. With `config` (a configuration snapshot) the object is
 * shared by every request of that snapshot and frozen; without it, a fresh object the caller may change.
 */
export async function getKaptureSettings(
  orgId: number,
  deps: Pick<CoreDeps, 'storage'>,
  /** The tenant's configuration when the caller has it (`Principal.config`): no read then. */
  config?: TenantSnapshot,
): Promise<KaptureSettings> {
  if (config) {
    let merged = OF_SNAPSHOT.get(config);
    if (!merged) {
      merged = deepFreeze(withDefaults(structuredClone(config.kaptureSettings)));
      OF_SNAPSHOT.set(config, merged);
    }
    return merged;
  }
  return withDefaults(await deps.storage.kapture.getSettings(orgId));
}

/**
 * The settings of each configuration snapshot, merged once: a snapshot never changes (the cache makes a new one
 * for each generation), and merging on every K3 read was a tenth of its CPU with 50 ids (bench/profile-server.ts).
 * Frozen all the way down, since every request of the generation shares it.
 */
const OF_SNAPSHOT = new WeakMap<TenantSnapshot, KaptureSettings>();

function withDefaults(stored: unknown): KaptureSettings {
  return { ...structuredClone(DEFAULT_KAPTURE_SETTINGS), ...(stored as Partial<KaptureSettings> | undefined) };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Changes a tenant's Kapture settings. Each sub-status must map to a value of the tenant's `Status`
 * lookup, keys must be unique, and the default disposition must be one of the dispositions. Changing
 * an id base renumbers every ticket's Kapture ids, so set the bases before clients store any.
 */
export async function updateKaptureSettings(
  input: { orgId: number; patch: Partial<KaptureSettings> },
  deps: CoreDeps,
): Promise<KaptureSettings> {
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.tenants.get(input.orgId))) {
      throw new ApiError('ValidationError', `tenant ${input.orgId} does not exist`);
    }
    const current = await tx.kapture.getSettings(input.orgId);
    const merged: KaptureSettings = {
      ...structuredClone(DEFAULT_KAPTURE_SETTINGS),
      ...(current as Partial<KaptureSettings> | undefined),
      ...definedOnly(input.patch),
    };
    if (input.patch.dispositions && input.patch.defaultDisposition === undefined) {
      merged.defaultDisposition = merged.dispositions.includes(merged.defaultDisposition)
        ? merged.defaultDisposition
        : (merged.dispositions[0] ?? '');
    }
    const statuses = (await tx.fields.listLookupValues(input.orgId, 'Status')).map((v) => v.value);
    const settings = validateSettings(merged, statuses);
    await tx.kapture.putSettings(input.orgId, settings, deps.now());
    return settings;
  });
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validateSettings(s: KaptureSettings, statusValues: readonly string[]): KaptureSettings {
  const fail = (message: string) => new ApiError('ValidationError', message);
  if (!Number.isSafeInteger(s.ticketIdBase) || s.ticketIdBase < MIN_TICKET_BASE || s.ticketIdBase > MAX_TICKET_BASE) {
    throw fail(
      `ticket id base must be an integer from ${MIN_TICKET_BASE} to ${MAX_TICKET_BASE}, so ids have 12 digits`,
    );
  }
  if (!Number.isSafeInteger(s.taskIdBase) || s.taskIdBase < 0 || s.taskIdBase > MAX_TASK_BASE) {
    throw fail(`task id base must be an integer from 0 to ${MAX_TASK_BASE}`);
  }
  if (!Number.isInteger(s.utcOffsetMinutes) || Math.abs(s.utcOffsetMinutes) > 14 * 60) {
    throw fail('the UTC offset must be whole minutes within ±14:00');
  }
  if (s.subStatuses.length === 0) throw fail('at least one sub-status is required');
  const subStatuses = s.subStatuses.map((sub) => {
    const key = sub.key.trim();
    const name = sub.name.trim();
    if (!KEY.test(key)) throw fail(`sub-status key '${key.slice(0, 30)}' must be 1-20 letters, digits, _ or -`);
    if (!name || name.length > 100) throw fail(`sub-status '${key}' needs a name of at most 100 characters`);
    if (sub.status !== 'P' && sub.status !== 'C') throw fail(`sub-status '${key}': status must be P or C`);
    const ticketStatus = statusValues.find((v) => v.toLowerCase() === sub.ticketStatus.trim().toLowerCase());
    if (!ticketStatus) {
      throw fail(
        `sub-status '${key}': '${sub.ticketStatus}' is not a Status value of this tenant (${statusValues.join(', ')})`,
      );
    }
    return { key, name, status: sub.status, ticketStatus };
  });
  duplicates(
    subStatuses.map((x) => x.key.toLowerCase()),
    'sub-status key',
  );
  const queues = s.queues.map((q) => {
    const key = q.key.trim();
    const name = q.name.trim();
    if (!KEY.test(key)) throw fail(`queue key '${key.slice(0, 30)}' must be 1-20 letters, digits, _ or -`);
    if (!name || name.length > 100) throw fail(`queue '${key}' needs a name of at most 100 characters`);
    return { key, name };
  });
  duplicates(
    queues.map((x) => x.key.toLowerCase()),
    'queue key',
  );
  const dispositions = s.dispositions.map(normalizeDisposition);
  for (const d of dispositions) {
    if (!d || d.length > 300 || d.split('|').some((part) => part === '')) {
      throw fail(`disposition '${d.slice(0, 60)}' must be non-empty category names separated by |`);
    }
  }
  duplicates(
    dispositions.map((x) => x.toLowerCase()),
    'disposition',
  );
  const defaultDisposition = normalizeDisposition(s.defaultDisposition);
  if (defaultDisposition && !dispositions.includes(defaultDisposition)) {
    throw fail(`the default disposition '${defaultDisposition}' is not one of the dispositions`);
  }
  return {
    ticketIdBase: s.ticketIdBase,
    taskIdBase: s.taskIdBase,
    utcOffsetMinutes: s.utcOffsetMinutes,
    subStatuses,
    queues,
    dispositions,
    defaultDisposition,
  };
}

function duplicates(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new ApiError('ValidationError', `${what} '${v}' is listed twice`);
    seen.add(v);
  }
}

/** `Query | Account ` → `Query|Account` (the vendor's values sometimes carry spaces, vendor-apis.md §2.3). */
export function normalizeDisposition(value: string): string {
  return value
    .split('|')
    .map((part) => part.trim())
    .join('|');
}
