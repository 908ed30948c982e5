import type { Static, TSchema } from '@sinclair/typebox';
import { codeForStatus } from '../core/error-codes.js';
import type { DeskwireClientError } from '../core/errors.js';
import { checkValue, tryParseJson } from '../core/json.js';
import type { Interpret, InterpretContext, RawResponse } from '../core/request.js';

/**
 * The error of a LeadSquared failure status. The body is Deskwire's (and the Sales CRM's) envelope
 * `{Status:"Error", ExceptionType, ExceptionMessage}` (docs/errors.md); the vendor publishes no
 * Service CRM error body (vendor-apis.md §1.0), so a `Message` or plain text is read too.
 */
export function lsqFailure(response: RawResponse, ctx: InterpretContext): DeskwireClientError {
  const body = tryParseJson(response.text) as Record<string, unknown> | undefined;
  const vendorCode = typeof body?.ExceptionType === 'string' ? body.ExceptionType : null;
  const vendorMessage = vendorMessageOf(body, response);
  let code = codeForStatus(response.status);
  // A signed download past its expiry: Deskwire says UrlExpired; S3 says "Request has expired".
  if (response.status === 403 && (vendorCode === 'UrlExpired' || /Request has expired/i.test(response.text))) {
    code = 'URL_EXPIRED';
  }
  return ctx.fail({
    code,
    status: response.status,
    message: `${ctx.request.operation}: HTTP ${response.status}${vendorMessage ? `: ${vendorMessage}` : ''}`,
    vendorCode,
    vendorMessage,
    rawBody: response.text,
    retryAfterMs: response.retryAfterMs ?? null,
  });
}

function vendorMessageOf(body: Record<string, unknown> | undefined, response: RawResponse): string | null {
  for (const key of ['ExceptionMessage', 'Message', 'message', 'ReasonForFailure']) {
    const value = body?.[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  const text = response.text.trim();
  return body === undefined && text !== '' && text.length <= 300 && !text.startsWith('<') ? text : null;
}

/**
 * Interprets a LeadSquared response: a failure status → `lsqFailure`; a 2xx whose `Status` is not
 * `Success` (the write envelope's failure, vendor-apis.md §1.0 [inferred]) → `VENDOR_FAILED`;
 * otherwise the body checked against `schema`.
 */
export function lsqResponse<T extends TSchema>(schema: T, validate: boolean): Interpret<Static<T>> {
  return (response, ctx) => {
    if (response.status < 200 || response.status > 299) throw lsqFailure(response, ctx);
    const body = tryParseJson(response.text) as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && typeof body.Status === 'string' && body.Status !== 'Success') {
      const reason = vendorMessageOf(body, response);
      throw ctx.fail({
        code: 'VENDOR_FAILED',
        status: response.status,
        message: `${ctx.request.operation}: the vendor reported ${body.Status}${reason ? `: ${reason}` : ''}`,
        vendorCode: typeof body.ExceptionType === 'string' ? body.ExceptionType : body.Status,
        vendorMessage: reason,
        rawBody: response.text,
      });
    }
    if (body === undefined) {
      throw ctx.fail({
        code: 'CONTRACT',
        status: response.status,
        message: `${ctx.request.operation}: the response is not JSON`,
        rawBody: response.text,
      });
    }
    return checkValue(schema, body, response, ctx, validate);
  };
}
