import { KAP_OPERATIONS, type KapTokenApi, type WireOperation } from '@deskwire/wire';
import { type CatalogueOperation, catalogueOperation, deriveOperations } from '../core/catalogue-operation.js';
import type { Operation } from '../core/request.js';

/** One Kapture operation: its catalogue path (every one a POST) and the token API it needs. */
export interface KaptureOperation extends CatalogueOperation {
  readonly api: KapTokenApi;
}

function kaptureOperation(operation: WireOperation & { readonly tokenApi: KapTokenApi }): KaptureOperation {
  return Object.freeze({ ...catalogueOperation(operation), api: operation.tokenApi });
}

/**
 * The ticket endpoints (K1–K4) and customer endpoints (K5–K6), derived from the wire catalogue and named as the Deskwire
 * server's routes name them. K3 (search by id) and K4 (pull by date) are POSTs that only read:
 * `safe`, so retried.
 */
export const KAPTURE_OPERATIONS = Object.freeze({
  ...deriveOperations(KAP_OPERATIONS, kaptureOperation),
  /** Client-only: an attachment URL found in a ticket or a chat message (no token is sent there). */
  downloadAttachment: Object.freeze<Operation>({ name: 'kapture.downloadAttachment', method: 'GET', safe: true }),
});
