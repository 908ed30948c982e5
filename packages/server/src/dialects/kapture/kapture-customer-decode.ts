import { KAP_MESSAGES, KapCustomerRequest, KapGetCustomerRequest } from '@deskwire/wire';
import type { KaptureCustomerKey, SaveKaptureCustomerInput } from '../../core/kapture/customers.js';
import { ApiError } from '../../errors/api-error.js';
import { validator } from '../../http/body-validator.js';
import { dropBlanks, extraFields, isBlank, oneObjectBody } from './kapture-decode.js';

/** K5's keys that become the lead's own columns; every other key is kept as one of its attributes. */
const CONTACT_KEYS = ['name', 'phone', 'email'] as const;
const GET_KEYS = ['kapture_customer_id', 'email_id', 'phone'] as const;

const checkCustomer = validator(KapCustomerRequest);
const checkGetCustomer = validator(KapGetCustomerRequest);

/** K5's body (`[{…}]` or `{…}`) → the customer to add or update. */
export function decodeSaveCustomer(raw: unknown, orgId: number): SaveKaptureCustomerInput {
  const body = oneObjectBody(raw);
  if (isBlank(body.email) && isBlank(body.phone)) {
    throw new ApiError('MandatoryFieldMissing', KAP_MESSAGES.customerContactMissing);
  }
  // Blank values (`""`, `null`) mean "leave as is", for the documented keys and the others alike.
  const given = dropBlanks(body, Object.keys(body));
  const dto = checkCustomer(given);
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(extraFields(given, CONTACT_KEYS))) {
    attributes[key] = scalar(key, value);
  }
  return {
    orgId,
    attributes,
    ...(dto.name !== undefined && { name: dto.name }),
    ...(dto.email !== undefined && { email: dto.email }),
    ...(dto.phone !== undefined && { phone: String(dto.phone) }),
  };
}

/** K6's body → which customer: the first given of `kapture_customer_id`, `email_id`, `phone`. */
export function decodeGetCustomer(raw: unknown): KaptureCustomerKey {
  const body = oneObjectBody(raw);
  const dto = checkGetCustomer(dropBlanks(body, GET_KEYS));
  if (dto.kapture_customer_id !== undefined) return { customerId: String(dto.kapture_customer_id) };
  if (dto.email_id !== undefined) return { email: dto.email_id };
  if (dto.phone !== undefined) return { phone: String(dto.phone) };
  throw new ApiError('ValidationError', KAP_MESSAGES.customerKeyMissing);
}

/** A customer attribute is text: strings, numbers and booleans are kept as text. */
function scalar(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ApiError('ValidationError', `Invalid body: '${key.slice(0, 100)}' must be a string or a number`);
}
