import type { Kysely, Selectable } from 'kysely';
import type {
  Activity,
  ActivityType,
  Attachment,
  AttachmentRecord,
  NewActivity,
  NewAttachment,
  StoredFile,
} from '../core/domain.js';
import type { ActivityStore } from '../core/store.js';
import type { AttachmentsTable, Database } from './database-schema.js';
import { groupBy, inChunks } from './in-chunks.js';
import { fromTimestamp, toTimestamp } from './row-codecs.js';
import type { StorageAdapter } from './storage-adapter.js';
import type { TicketSearchIndex } from './ticket-search-index.js';

/** Conversations, internal notes and their files. */
export class ActivityRepository implements ActivityStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly adapter: Pick<StorageAdapter, 'advanceAutoIncrement'>,
    /** A conversation or note changes its ticket's indexed text (storage/ticket-search-index.ts). */
    readonly search: TicketSearchIndex,
  ) {}

  async insert(activity: NewActivity): Promise<number> {
    const row = await this.db
      .insertInto('activities')
      .values({
        ...(activity.id !== undefined && { id: activity.id }),
        org_id: activity.orgId,
        ticket_id: activity.ticketId,
        type: activity.type,
        html: activity.html,
        text: activity.text,
        created_by: activity.createdBy,
        created_at: toTimestamp(activity.createdAt),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (activity.id !== undefined) await this.adapter.advanceAutoIncrement?.(this.db, 'activities', activity.id);
    // An id given by the caller (a seed, an import) may sort before the ticket's other activities; the append
    // then finds a later one and rebuilds the row.
    await this.search.appendActivity(activity.ticketId, row.id, activity);
    return row.id;
  }

  async insertAttachments(attachments: readonly NewAttachment[]): Promise<void> {
    if (attachments.length === 0) return;
    await this.db
      .insertInto('attachments')
      .values(
        attachments.map((a) => ({
          id: a.id,
          org_id: a.orgId,
          ticket_id: a.ticketId,
          activity_id: a.activityId,
          file_name: a.file.fileName,
          size: a.file.size,
          content_type: a.file.contentType,
          sha256: a.file.sha256,
          created_at: toTimestamp(a.createdAt),
        })),
      )
      .execute();
  }

  /** Attaches stored files to a ticket (`activityId: null`) or to one of its activities; the new attachment ids. */
  async attach(
    target: { orgId: number; ticketId: string; activityId: number | null; createdAt: Date },
    files: readonly StoredFile[],
    newId: () => string,
  ): Promise<string[]> {
    const attachments = files.map((file) => ({ ...target, id: newId(), file }));
    await this.insertAttachments(attachments);
    return attachments.map((a) => a.id);
  }

  /** A ticket's activities of the given types, oldest first, each with its attachments. */
  async list(ticketId: string, types: readonly ActivityType[]): Promise<Activity[]> {
    return (await this.listMany([ticketId], types)).get(ticketId) ?? [];
  }

  /** Files attached to the ticket itself (multipart create), oldest first. */
  async listTicketFiles(ticketId: string): Promise<Attachment[]> {
    return (await this.listTicketFilesMany([ticketId])).get(ticketId) ?? [];
  }

  /**
   * `list` for each ticket, in two statements (per chunk) whatever the number of tickets: every id
   * asked for has an entry, its activities oldest first, each with its attachments in `list`'s order.
   */
  async listMany(ticketIds: readonly string[], types: readonly ActivityType[]): Promise<Map<string, Activity[]>> {
    const activities = new Map(ticketIds.map((id): [string, Activity[]] => [id, []]));
    if (types.length === 0) return activities;
    const rows = await inChunks(ticketIds, (chunk) =>
      this.db
        .selectFrom('activities')
        .selectAll()
        .where('ticket_id', 'in', chunk)
        .where('type', 'in', types)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    );
    const files = await inChunks(
      rows.map((r) => r.id),
      (chunk) =>
        this.db
          .selectFrom('attachments')
          .selectAll()
          .where('activity_id', 'in', chunk)
          .orderBy('created_at')
          .orderBy('file_name')
          .execute(),
    );
    const byActivity = groupBy(files, (f) => f.activity_id);
    for (const r of rows) {
      activities.get(r.ticket_id)?.push({
        id: r.id,
        ticketId: r.ticket_id,
        type: r.type as ActivityType,
        html: r.html,
        text: r.text,
        createdBy: r.created_by,
        createdAt: fromTimestamp(r.created_at),
        attachments: (byActivity.get(r.id) ?? []).map(toAttachment),
      });
    }
    return activities;
  }

  /** `listTicketFiles` for each ticket: every id asked for has an entry, its files in the same order. */
  async listTicketFilesMany(ticketIds: readonly string[]): Promise<Map<string, Attachment[]>> {
    const rows = await inChunks(ticketIds, (chunk) =>
      this.db
        .selectFrom('attachments')
        .selectAll()
        .where('ticket_id', 'in', chunk)
        .where('activity_id', 'is', null)
        .orderBy('created_at')
        .execute(),
    );
    const files = new Map(ticketIds.map((id): [string, Attachment[]] => [id, []]));
    for (const f of rows) files.get(f.ticket_id)?.push(toAttachment(f));
    return files;
  }

  /**
   * An attachment whose ticket is live (not in the trash): what a download may serve. Trashing a ticket
   * thereby revokes every Deskwire-signed link to its files at once.
   */
  async getLiveAttachment(id: string): Promise<AttachmentRecord | undefined> {
    const f = await this.db
      .selectFrom('attachments')
      .innerJoin('tickets', 'tickets.id', 'attachments.ticket_id')
      .selectAll('attachments')
      .where('attachments.id', '=', id)
      .where('tickets.deleted_at', 'is', null)
      .executeTakeFirst();
    if (!f) return undefined;
    return {
      id: f.id,
      orgId: f.org_id,
      ticketId: f.ticket_id,
      fileName: f.file_name,
      size: f.size,
      contentType: f.content_type,
      sha256: f.sha256,
    };
  }

  /** Whether any attachment row or stored email (its raw `.eml`) still points at a blob (so a failed write may delete it). */
  async isBlobReferenced(sha256: string): Promise<boolean> {
    const row = await this.db.selectFrom('attachments').select('id').where('sha256', '=', sha256).executeTakeFirst();
    if (row !== undefined) return true;
    const raw = await this.db
      .selectFrom('email_messages')
      .select('id')
      .where('raw_sha256', '=', sha256)
      .executeTakeFirst();
    return raw !== undefined;
  }

  /** Which of `hashes` any attachment row points at: one indexed `IN` query (the orphan sweep's batches). */
  async referencedBlobs(hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('attachments')
      .select('sha256')
      .distinct()
      .where('sha256', 'in', [...hashes])
      .execute();
    const raw = await this.db
      .selectFrom('email_messages')
      .select('raw_sha256')
      .distinct()
      .where('raw_sha256', 'in', [...hashes])
      .execute();
    return new Set([...rows.map((row) => row.sha256), ...raw.map((row) => row.raw_sha256)]);
  }
}

function toAttachment(f: Selectable<AttachmentsTable>): Attachment {
  return { id: f.id, fileName: f.file_name, size: f.size, contentType: f.content_type, sha256: f.sha256 };
}
