import { GUID_PATTERN } from '@deskwire/wire';
import { ApiError } from '../errors/api-error.js';
import type { CoreDeps } from './deps.js';
import type { Lead } from './domain.js';
import type { Repositories } from './store.js';

/** How a create names its lead: an existing lead's GUID, or `LeadDetail.*` values to match or create. */
export type LeadInput = { id: string } | { details: Record<string, string | null> };

const guid = new RegExp(GUID_PATTERN);

/**
 * Finds the lead a ticket belongs to, creating it from `LeadDetail.*` values when no lead matches
 * by email address or phone (vendor-apis.md §1.2, "Polymorphic LeadId").
 */
export async function resolveLead(
  orgId: number,
  input: LeadInput,
  tx: Repositories,
  deps: Pick<CoreDeps, 'now' | 'newId'>,
): Promise<Lead> {
  if ('id' in input) {
    if (!guid.test(input.id)) throw new ApiError('ValidationError', `LeadId '${input.id.slice(0, 64)}' is not a GUID`);
    const lead = await tx.leads.get(orgId, input.id.toLowerCase());
    if (!lead) throw new ApiError('LeadNotFound', `Lead '${input.id}' does not exist in this account`);
    return lead;
  }
  const { EmailAddress, Phone, FirstName, LastName, ...rest } = input.details;
  const email = EmailAddress?.trim().toLowerCase() || null;
  const phone = Phone?.trim() || null;
  if (!email && !phone) {
    throw new ApiError(
      'LeadRequired',
      'A lead identifier is required: LeadId, LeadDetail.EmailAddress or LeadDetail.Phone',
    );
  }
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new ApiError('InvalidFieldValue', `LeadDetail.EmailAddress '${email.slice(0, 100)}' is not an email address`);
  }
  const existing =
    (email && (await tx.leads.findBy(orgId, 'email', email))) ||
    (phone && (await tx.leads.findBy(orgId, 'phone', phone)));
  if (existing) return existing;
  const lead: Lead = {
    id: deps.newId(),
    orgId,
    email,
    phone,
    firstName: FirstName?.trim() || null,
    lastName: LastName?.trim() || null,
    attributes: rest,
  };
  await tx.leads.create(lead, deps.now());
  return lead;
}
