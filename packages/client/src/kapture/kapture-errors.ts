import type { Static, TSchema } from '@sinclair/typebox';
import { type ClientErrorCode, codeForStatus } from '../core/error-codes.js';
import type { DeskwireClientError } from '../core/errors.js';
import { checkValue, tryParseJson } from '../core/json.js';
import type { Interpret, InterpretContext, RawResponse } from '../core/request.js';

/**
 * Kapture's documented failure texts and what they mean (vendor-apis.md §2.1–2.4; docs/kapture-api.md
 * "Failures"). Kapture answers them with HTTP 200 as often as not, so the text decides the code.
 */
const BY_MESSAGE: ReadonlyArray<readonly [RegExp, ClientErrorCode]> = [
  [/^Invalid Auth Key/i, 'AUTH'],
  [/^API calls exceeded the limit/i, 'RATE_LIMITED'],
  [/^No Data found/i, 'NOT_FOUND'],
  [/^Information given by you does not exist/i, 'NOT_FOUND'],
  [
    /^(Invalid Json\.|ticket_ids are missing|title is missing|email or phone is missing|kapture_customer_id, email_id or phone is missing|Invalid Format\.|either (start|end)_date is null or blank|Invalid (sub_status|queue|disposition|body)|At most \d+ ticket_ids|conversation_type should be|Date range should not exceed|limit should be)/i,
    'VALIDATION',
  ],
];

/**
 * `{"message","status":"failed"}`, the legacy `{"Message","Status":"failed"}`, or K6's
 * `{"Customer Details":"<sentence>","status":"failed"}`: the message, else `undefined`.
 */
export function kapFailureMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const status = record.status ?? record.Status;
  if (typeof status !== 'string' || status.toLowerCase() !== 'failed') return undefined;
  const message = record.message ?? record.Message ?? record['Customer Details'];
  return typeof message === 'string' ? message : '';
}

/**
 * The error of a Kapture failure. A documented text decides the code at any HTTP status (the vendor
 * sends them under 200 as often as not); otherwise a failure status maps by status (401 AUTH, 404
 * NOT_FOUND, …) and a `"status":"failed"` body under HTTP 200 is `VENDOR_FAILED`.
 */
export function kapFailure(response: RawResponse, ctx: InterpretContext, message?: string): DeskwireClientError {
  const ok = response.status >= 200 && response.status <= 299;
  const known = message === undefined ? undefined : BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1];
  const code: ClientErrorCode = known ?? (ok ? 'VENDOR_FAILED' : codeForStatus(response.status));
  const text = message || undefined;
  return ctx.fail({
    code,
    status: response.status,
    message: `${ctx.request.operation}: ${ok ? 'the vendor reported failed' : `HTTP ${response.status}`}${text ? `: ${text}` : ''}`,
    vendorCode: message === undefined ? null : 'failed',
    vendorMessage: text ?? null,
    rawBody: response.text,
    retryAfterMs: response.retryAfterMs ?? null,
  });
}

/**
 * Interprets a Kapture response: a failure status, or a `"status":"failed"` body at any status, is a
 * `DeskwireClientError`; otherwise the body (after `reshape`, for the tolerant reads) is checked
 * against `schema`.
 */
export function kapResponse<T extends TSchema>(
  schema: T,
  validate: boolean,
  reshape: (body: unknown) => unknown = (body) => body,
): Interpret<Static<T>> {
  return (response, ctx) => {
    const body = tryParseJson(response.text);
    const failed = kapFailureMessage(body);
    if (failed !== undefined || response.status < 200 || response.status > 299) {
      throw kapFailure(response, ctx, failed);
    }
    if (body === undefined) {
      throw ctx.fail({
        code: 'CONTRACT',
        status: response.status,
        message: `${ctx.request.operation}: the response is not JSON`,
        rawBody: response.text,
      });
    }
    return checkValue(schema, reshape(body), response, ctx, validate);
  };
}
