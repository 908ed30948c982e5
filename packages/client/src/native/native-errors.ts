import type { Static, TSchema } from '@sinclair/typebox';
import { codeForStatus } from '../core/error-codes.js';
import type { DeskwireClientError } from '../core/errors.js';
import { checkValue, tryParseJson } from '../core/json.js';
import type { Interpret, InterpretContext, RawResponse } from '../core/request.js';

/**
 * The error of an /api/v1 failure: `{ "error": { "code", "message" } }` (docs/api.md "Errors"); the
 * reply endpoint's LeadSquared envelope is read too. `vendorCode` is Deskwire's error code.
 */
export function nativeFailure(response: RawResponse, ctx: InterpretContext): DeskwireClientError {
  const body = tryParseJson(response.text) as Record<string, unknown> | undefined;
  const error = body?.error as { code?: unknown; message?: unknown } | undefined;
  const vendorCode =
    typeof error?.code === 'string' ? error.code : typeof body?.ExceptionType === 'string' ? body.ExceptionType : null;
  const vendorMessage =
    typeof error?.message === 'string'
      ? error.message
      : typeof body?.ExceptionMessage === 'string'
        ? body.ExceptionMessage
        : null;
  return ctx.fail({
    code: response.status === 403 && vendorCode === 'UrlExpired' ? 'URL_EXPIRED' : codeForStatus(response.status),
    status: response.status,
    message: `${ctx.request.operation}: HTTP ${response.status}${vendorMessage ? `: ${vendorMessage}` : ''}`,
    vendorCode,
    vendorMessage,
    rawBody: response.text,
    retryAfterMs: response.retryAfterMs ?? null,
  });
}

/** A 2xx body checked against its schema; `undefined` (204) when the operation has none. */
export function nativeResponse<T extends TSchema>(schema: T | undefined, validate: boolean): Interpret<Static<T>> {
  return (response, ctx) => {
    if (response.status < 200 || response.status > 299) throw nativeFailure(response, ctx);
    if (schema === undefined) return undefined as Static<T>;
    const body = tryParseJson(response.text);
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
