import { LSQ_OPERATIONS as LSQ_CATALOGUE } from '@deskwire/wire';
import { catalogueOperation, deriveOperations } from '../core/catalogue-operation.js';
import type { Operation } from '../core/request.js';

/**
 * Every LeadSquared Service CRM operation the client calls (L1–L10), keyed by the client's method
 * names, derived from the wire catalogue: the names are those of the Deskwire server's routes (so
 * sandbox fault rules can target them), `safe` marks the reads (POST filters included), and `path`
 * is what request URLs are built from.
 */
export const LSQ_OPERATIONS = Object.freeze({
  ...deriveOperations(LSQ_CATALOGUE, catalogueOperation),
  /** Client-only: a conversation attachment's signed `ContentPath` (no API keys are sent there). */
  downloadAttachment: Object.freeze<Operation>({ name: 'lsq.downloadAttachment', method: 'GET', safe: true }),
});
