import type { TSchema } from '@sinclair/typebox';
import {
  KapAddTicketRequest,
  KapAddTicketResponse,
  KapFailureResponse,
  KapGetTicketsRequest,
  KapGetTicketsResponse,
  KapPullTicketsRequest,
  KapPullTicketsResponse,
  KapUpdateTicketRequest,
  KapUpdateTicketResponse,
} from './kapture/index.js';
import {
  LsqConversationFilterRequest,
  LsqConversationFilterResponse,
  LsqCreateTicketRequest,
  LsqErrorResponse,
  LsqFieldFilterRequest,
  LsqFieldFilterResponse,
  LsqGetTicketResponse,
  LsqInternalNoteRequest,
  LsqInternalNoteResponse,
  LsqJsonCreateResponse,
  LsqLookupValuesResponse,
  LsqPortalActivityRequest,
  LsqPortalActivityResponse,
  LsqTicketWriteResponse,
  LsqTrashRequest,
  LsqTrashResponse,
  LsqUpdateTicketRequest,
} from './leadsquared/index.js';

/**
 * Every body schema by name, as plain JSON Schema: what the OpenAPI document and non-TypeScript
 * clients are generated from.
 */
export const jsonSchemas: Readonly<Record<string, TSchema>> = Object.freeze({
  LsqCreateTicketRequest,
  LsqTicketWriteResponse,
  LsqJsonCreateResponse,
  LsqGetTicketResponse,
  LsqConversationFilterRequest,
  LsqConversationFilterResponse,
  LsqInternalNoteRequest,
  LsqInternalNoteResponse,
  LsqUpdateTicketRequest,
  LsqPortalActivityRequest,
  LsqPortalActivityResponse,
  LsqTrashRequest,
  LsqTrashResponse,
  LsqLookupValuesResponse,
  LsqFieldFilterRequest,
  LsqFieldFilterResponse,
  LsqErrorResponse,
  KapAddTicketRequest,
  KapAddTicketResponse,
  KapUpdateTicketRequest,
  KapUpdateTicketResponse,
  KapGetTicketsRequest,
  KapGetTicketsResponse,
  KapPullTicketsRequest,
  KapPullTicketsResponse,
  KapFailureResponse,
});
