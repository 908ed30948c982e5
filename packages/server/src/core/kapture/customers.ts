import { KAP_MESSAGES } from '@deskwire/wire';
import { ApiError } from '../../errors/api-error.js';
import type { CoreDeps } from '../deps.js';
import type { Lead, StoredLead } from '../domain.js';
import type { TransactionalStore } from '../store.js';
import { numericIdOf } from './ticket-ids.js';

/*
 * Kapture's customers are Deskwire's leads: the customer K5 adds is the lead a K1 (or LeadSquared) ticket
 * with that email or phone belongs to, and the other way round. A customer's number (`Kapture Customer
 * Id`, K6 `id`) is the lead's `numericIdOf`, the same `customerId` K1–K4 show on its tickets.
 */

/** At most this many extra keys (`customer_code`, `city`, …) per customer, each name 1–100 characters. */
const MAX_ATTRIBUTES = 50;
const MAX_ATTRIBUTE_NAME = 100;
const MAX_ATTRIBUTE_VALUE = 10_000;
/** A new lead's GUID is drawn again while its number is taken in the tenant (28 bits: rare). */
const MAX_ID_DRAWS = 8;

export interface SaveKaptureCustomerInput {
  orgId: number;
  name?: string;
  email?: string;
  phone?: string;
  /** The other keys, kept on the lead and shown again by K6. */
  attributes: Record<string, string | null>;
}

/** The customer a K5 call added or updated. */
export interface SavedKaptureCustomer {
  lead: StoredLead;
  created: boolean;
  customerId: number;
}

/** The customer's number: the lead's. */
export function kaptureCustomerId(lead: Pick<Lead, 'id'>): number {
  return numericIdOf(lead.id);
}

/** The GUID prefix a customer number stands for, or `undefined` when it cannot be one. */
export function leadIdPrefixOf(customerId: string): string | undefined {
  const text = customerId.trim();
  if (!/^[0-9]{1,9}$/.test(text)) return undefined;
  const value = Number(text);
  if (value < 1 || value >= 2 ** 28) return undefined;
  return value.toString(16).padStart(7, '0');
}

/** A customer's display name: the lead's first and last names. */
export function customerName(lead: Pick<Lead, 'firstName' | 'lastName'>): string {
  return [lead.firstName, lead.lastName].filter((part) => part).join(' ');
}

/**
 * K5: the tenant's lead with that email (else phone) gets the given name, contact details and keys;
 * without one, a new lead is made. Everything is checked before the one transaction writes.
 */
export async function saveKaptureCustomer(
  input: SaveKaptureCustomerInput,
  deps: Pick<CoreDeps, 'storage' | 'now' | 'newId'>,
): Promise<SavedKaptureCustomer> {
  const email = input.email?.trim().toLowerCase() || undefined;
  const phone = input.phone?.trim() || undefined;
  const name = input.name?.trim() || undefined;
  if (!email && !phone) throw new ApiError('MandatoryFieldMissing', KAP_MESSAGES.customerContactMissing);
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new ApiError('InvalidFieldValue', `email '${email.slice(0, 100)}' is not an email address`);
  }
  checkAttributes(input.attributes);
  return deps.storage.transaction(async (tx) => {
    const existing =
      (email && (await tx.leads.findBy(input.orgId, 'email', email))) ||
      (phone && (await tx.leads.findBy(input.orgId, 'phone', phone))) ||
      undefined;
    if (existing) {
      const renamed = name !== undefined && name !== customerName(existing);
      const lead: StoredLead = {
        ...existing,
        email: email ?? existing.email,
        phone: phone ?? existing.phone,
        ...(renamed && { firstName: name, lastName: null }),
        attributes: { ...existing.attributes, ...input.attributes },
      };
      await tx.leads.update(lead);
      return { lead, created: false, customerId: kaptureCustomerId(lead) };
    }
    const now = deps.now();
    const lead: StoredLead = {
      id: await freshLeadId(input.orgId, tx, deps),
      orgId: input.orgId,
      email: email ?? null,
      phone: phone ?? null,
      firstName: name ?? null,
      lastName: null,
      attributes: input.attributes,
      createdAt: now,
    };
    await tx.leads.create(lead, now);
    return { lead, created: true, customerId: kaptureCustomerId(lead) };
  });
}

/** How K6 names the customer: the first of its three keys that is given. */
export type KaptureCustomerKey = { customerId: string } | { email: string } | { phone: string };

/** K6: the tenant's customer with that number, email or phone (the oldest, should two share one). */
export async function findKaptureCustomer(
  input: { orgId: number; key: KaptureCustomerKey },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<StoredLead> {
  const { orgId, key } = input;
  let lead: StoredLead | undefined;
  if ('customerId' in key) {
    const prefix = leadIdPrefixOf(key.customerId);
    lead = prefix === undefined ? undefined : (await deps.storage.leads.findByIdPrefix(orgId, prefix))[0];
  } else if ('email' in key) {
    lead = await deps.storage.leads.findBy(orgId, 'email', key.email.trim().toLowerCase());
  } else {
    lead = await deps.storage.leads.findBy(orgId, 'phone', key.phone.trim());
  }
  if (!lead) throw new ApiError('CustomerNotFound', KAP_MESSAGES.customerNotFound);
  return lead;
}

/** A GUID whose number no other lead of the tenant has, so a K5 customer's number names it alone. */
async function freshLeadId(orgId: number, tx: TransactionalStore, deps: Pick<CoreDeps, 'newId'>): Promise<string> {
  let id = deps.newId();
  for (let draw = 1; draw < MAX_ID_DRAWS; draw++) {
    const prefix = leadIdPrefixOf(String(kaptureCustomerId({ id })));
    if (prefix === undefined || (await tx.leads.findByIdPrefix(orgId, prefix)).length === 0) return id;
    id = deps.newId();
  }
  return id;
}

function checkAttributes(attributes: Record<string, string | null>): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) {
    throw new ApiError('ValidationError', `At most ${MAX_ATTRIBUTES} additional customer fields`);
  }
  const bad = names.find((n) => n.length === 0 || n.length > MAX_ATTRIBUTE_NAME);
  if (bad !== undefined) {
    throw new ApiError('ValidationError', `Customer field name '${bad.slice(0, 40)}' must have 1-100 characters`);
  }
  const long = names.find((n) => (attributes[n]?.length ?? 0) > MAX_ATTRIBUTE_VALUE);
  if (long !== undefined) {
    throw new ApiError('ValidationError', `'${long}' must have at most ${MAX_ATTRIBUTE_VALUE} characters`);
  }
}
