import { type Kysely, sql } from 'kysely';
import type { TicketLookup } from '../core/domain.js';
import type { ConfigGenerationStore, TicketVersion } from '../core/store.js';
import { CoalescedReads } from './coalesced-reads.js';
import { CompiledOnce, runRead } from './compiled-once.js';
import type { Database } from './database-schema.js';
import type { StorageAdapter } from './storage-adapter.js';

const GENERATION = new CompiledOnce((db: Kysely<Database>) =>
  db.selectFrom('config_generations').select('generation').where('tenant_org', '=', 0),
);

/**
 * The generation and a live ticket's id and version in one statement and one row, whether or not the
 * ticket exists: the ticket and its version are left-joined to a one-row table, so each index is probed
 * once (two scalar subqueries for id and version probed `tickets` and `ticket_versions` twice).
 */
const withTicketVersion = (by: 'number' | 'id') =>
  new CompiledOnce((db: Kysely<Database>) =>
    db
      .selectFrom(db.selectNoFrom(sql.lit(1).as('one')).as('one'))
      .leftJoin('tickets as t', (join) => {
        const live = join.on('t.org_id', '=', 0).on('t.deleted_at', 'is', null);
        return by === 'number' ? live.on('t.number', '=', 0) : live.on('t.id', '=', '');
      })
      .leftJoin('ticket_versions as tv', 'tv.ticket_id', 't.id')
      .select((eb) => [
        eb.selectFrom('config_generations').select('generation').where('tenant_org', '=', 0).as('generation'),
        't.id as ticket_id',
        'tv.version',
      ]),
  );
const WITH_VERSION_BY_NUMBER = withTicketVersion('number');
const WITH_VERSION_BY_ID = withTicketVersion('id');

/**
 * The per-tenant configuration generation that database triggers move on every change to what
 * servers cache (migration 0007): the one statement a cached request still runs for its config.
 */
export class ConfigGenerationRepository implements ConfigGenerationStore {
  /** Shares statements among concurrent checks where the engine says how; never inside a transaction. */
  readonly shared: CoalescedReads<VersionCheck, VersionCheckResult> | undefined;

  constructor(
    readonly db: Kysely<Database>,
    shared?: StorageAdapter['sharedVersionReads'],
  ) {
    this.shared =
      shared && !db.isTransaction
        ? new CoalescedReads<VersionCheck, VersionCheckResult>(
            (check) => this.#readOne(check),
            (checks) => this.#readMany(shared.statement, checks),
            shared,
          )
        : undefined;
  }

  /** 0 for a tenant whose configuration has not changed since the migration (or that does not exist). */
  async get(orgId: number): Promise<number> {
    const [row] = await GENERATION.run(this.db, [orgId]);
    return row?.generation ?? 0;
  }

  withTicketVersion(orgId: number, lookup: TicketLookup): Promise<VersionCheckResult> {
    const check = { orgId, lookup };
    // A check whose values the shared statement's typed arrays could refuse runs alone, so it fails alone
    // (HTTP only ever sends shareable ones: core/ticket-ref.ts, http/key-pair-auth.ts).
    return this.shared && shareable(check) ? this.shared.read(check) : this.#readOne(check);
  }

  async #readOne({ orgId, lookup }: VersionCheck): Promise<VersionCheckResult> {
    const [row] =
      'number' in lookup
        ? await WITH_VERSION_BY_NUMBER.run(this.db, [orgId, orgId, lookup.number])
        : await WITH_VERSION_BY_ID.run(this.db, [orgId, orgId, lookup.id]);
    return checkResult(row);
  }

  async #readMany(statement: string, checks: readonly VersionCheck[]): Promise<VersionCheckResult[]> {
    const rows = await runRead<VersionCheckRow & { i: number }>(this.db as Kysely<unknown>, statement, [
      checks.map((check) => check.orgId),
      checks.map((check) => ('number' in check.lookup ? check.lookup.number : null)),
      checks.map((check) => ('id' in check.lookup ? check.lookup.id : null)),
    ]);
    // One row per position, in order; anything else is a broken statement, never "no such ticket". The count
    // is CoalescedReads' to check (for every shared read); the positions are this statement's own.
    const misplaced = rows.findIndex((row, i) => Number(row.i) !== i + 1);
    if (misplaced >= 0) {
      throw new Error(`the shared version read answered position ${rows[misplaced]?.i} at ${misplaced + 1}`);
    }
    return rows.map(checkResult);
  }
}

export interface VersionCheck {
  orgId: number;
  lookup: TicketLookup;
}
export type VersionCheckResult = { generation: number; ticket: TicketVersion | undefined };
interface VersionCheckRow {
  generation: number | string | null;
  ticket_id: string | null;
  version: number | string | null;
}

function shareable({ orgId, lookup }: VersionCheck): boolean {
  if (!Number.isSafeInteger(orgId)) return false;
  return 'number' in lookup ? Number.isSafeInteger(lookup.number) : !lookup.id.includes('\0');
}

function checkResult(row: VersionCheckRow | undefined): VersionCheckResult {
  const ticket =
    row?.ticket_id != null && row.version != null
      ? { ticketId: row.ticket_id, version: Number(row.version) }
      : undefined;
  return { generation: Number(row?.generation ?? 0), ticket };
}
