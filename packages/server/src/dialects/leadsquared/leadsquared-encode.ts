import {
  formatLsqDateTime,
  type LsqAttachment,
  type LsqConversation,
  type LsqConversationType,
  type LsqGetTicketResponse,
  type LsqJsonCreateResponse,
  type LsqTicketWriteResponse,
} from '@deskwire/wire';
import type { Activity, Role } from '../../core/domain.js';
import type { TicketView } from '../../core/get-ticket.js';
import type { SignAttachment } from '../../http/signed-urls.js';
import { userPermissions } from './leadsquared-permissions.js';

/* Core results → LeadSquared wire (L1–L5 responses). */

/** L3 response: `TicketId` is `null` on update (vendor-apis.md §1.3). */
export function toUpdateResponse(result: { ticket: { number: number }; key: string }): LsqTicketWriteResponse {
  return {
    Status: 'Success',
    ReasonForFailure: null,
    Id: String(result.ticket.number),
    Message: 'Ticket properties have been updated successfully',
    Key: result.key,
    TicketId: null,
  };
}

export function toCreateResponse(
  result: { ticket: { number: number; id: string }; key: string },
  form: 'json' | 'multipart',
): LsqTicketWriteResponse | LsqJsonCreateResponse {
  const Id = String(result.ticket.number);
  // L1 (JSON): its example has `Message: null` and `TicketId` before `Key`; the sentence and `Key`-first order
  // are L2's (multipart). Key order is part of the wire: the response schema serializes in this order.
  if (form === 'json') {
    return {
      Status: 'Success',
      ReasonForFailure: null,
      Id,
      Message: null,
      TicketId: result.ticket.id,
      Key: result.key,
    };
  }
  return {
    Status: 'Success',
    ReasonForFailure: null,
    Id,
    Message: 'Ticket has been created successfully',
    Key: result.key,
    TicketId: result.ticket.id,
  };
}

/** L4 response, in the seed's field order. `TypeId` is always the string "null", as the vendor sends it. */
export function toGetTicketResponse(view: TicketView, role: Role): LsqGetTicketResponse {
  const { ticket } = view;
  return {
    TypeId: 'null',
    Id: String(ticket.number),
    TicketId: ticket.id,
    LeadId: ticket.leadId,
    OpportunityId: null,
    Association: 0,
    BulkUpdate: false,
    Dispose: false,
    Fields: view.fields.map(({ field, value }) => ({ SchemaName: field.schemaName, Value: value, SubFields: null })),
    UserPermissions: userPermissions(role),
    TriggerSLA: ticket.flags.TriggerSLA,
    TriggerAssignmentRule: ticket.flags.TriggerAssignmentRule,
    TriggerAutomation: ticket.flags.TriggerAutomation,
    TriggerTicketEvents: null,
    TriggerNotification: ticket.flags.TriggerNotification,
    IsVisited: null,
    IsMigrated: false,
    IsUpdated: ticket.updatedAt.getTime() > ticket.createdAt.getTime(),
    TicketCreationType: ticket.creationType,
    CallSessionId: null,
    PrimaryTicket: true,
    V2Api: false,
  };
}

/**
 * A text-only activity's `Html`: the vendor always sends a string (the seed's L5), so the text is escaped
 * and its line breaks become `<br>`, which a client that renders `Html` shows as the text.
 */
function textAsHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return escaped.replace(/\r?\n/g, '<br>\r\n');
}

/** L5 conversation entry; `Ttl` is the signed URL's lifetime in minutes (seed: 60 with X-Amz-Expires=3600). */
export function toConversation(activity: Activity, sign: SignAttachment, ttlMinutes: number): LsqConversation {
  return {
    RelatedActivityType: activity.type as LsqConversationType,
    Html: activity.html ?? textAsHtml(activity.text ?? ''),
    Text: activity.text,
    Attachments: activity.attachments.map(
      (a): LsqAttachment => ({
        Id: null,
        FileName: a.fileName,
        FileSize: a.size,
        ContentType: a.contentType,
        ContentPath: sign(a),
        ContentLocation: null,
        ContentId: null,
        Ttl: ttlMinutes,
      }),
    ),
    CreatedBy: activity.createdBy,
    CreatedOn: formatLsqDateTime(activity.createdAt),
    Id: activity.id,
  };
}
