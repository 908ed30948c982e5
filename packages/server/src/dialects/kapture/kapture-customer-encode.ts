import { encodeKapName, formatKapGenerationDate, type KapCustomerDetails } from '@deskwire/wire';
import type { StoredLead } from '../../core/domain.js';
import { customerName, kaptureCustomerId } from '../../core/kapture/customers.js';

/**
 * A lead as K6's `"Customer Details"`: its stored keys (`customer_code`, `city`, …) first, then the
 * documented ones, which win; `generationDate` in the tenant's zone. The customer is its own one
 * contact (the vendor's page leaves `contacts` unexpanded).
 */
export function toCustomerDetails(lead: StoredLead, utcOffsetMinutes: number): KapCustomerDetails {
  const id = kaptureCustomerId(lead);
  const contact = {
    id,
    name: encodeKapName(customerName(lead)),
    email: lead.email ?? '',
    phone: lead.phone ?? '',
  };
  const attributes = Object.fromEntries(Object.entries(lead.attributes).map(([key, value]) => [key, value ?? '']));
  return {
    ...attributes,
    ...contact,
    generationDate: formatKapGenerationDate(lead.createdAt, utcOffsetMinutes),
    contacts: [contact],
  };
}
