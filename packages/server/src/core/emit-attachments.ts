import type { CoreDeps } from './deps.js';
import type { StoredFile, Ticket } from './domain.js';
import { type EmitInput, emitEvent } from './emit-event.js';
import type { TransactionalStore } from './store.js';

/**
 * The `attachment.added` event for files just attached (one event per request, listing every file), in
 * the attaching transaction; nothing when there were none. `ids` are the new attachment ids, in order.
 */
export async function emitAttachmentAdded(
  tx: TransactionalStore,
  input: {
    ticket: Pick<Ticket, 'id' | 'number' | 'orgId'>;
    activityId: number | null;
    files: readonly StoredFile[];
    ids: readonly string[];
    at: Date;
    actor: EmitInput['actor'];
  },
  deps: Pick<CoreDeps, 'newId'>,
): Promise<void> {
  if (input.files.length === 0) return;
  const attachments = input.files.map((file, i) => ({
    id: input.ids[i] ?? '',
    name: file.fileName,
    size: file.size,
    contentType: file.contentType,
  }));
  await emitEvent(
    tx,
    {
      orgId: input.ticket.orgId,
      type: 'attachment.added',
      at: input.at,
      actor: input.actor,
      ticket: input.ticket,
      data: { activityId: input.activityId, attachments },
    },
    deps.newId,
  );
}
