import type { FastifyError } from 'fastify';
import type { StoreFailure } from '../core/store.js';
import { ApiError } from '../errors/api-error.js';
import { type AjvIssue, validationError } from './validation-message.js';

/** Fastify and @fastify/multipart error codes, and what each means to an integrator. */
const FRAMEWORK_ERRORS: Record<string, (e: FastifyError) => ApiError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new ApiError('PayloadTooLarge', 'Request body is larger than the allowed limit'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) =>
    new ApiError(
      'UnsupportedMediaType',
      `Unsupported Content-Type; send application/json${e.message.includes('multipart') ? '' : ' (or multipart/form-data where documented)'}`,
    ),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new ApiError('InvalidJson', 'Request body is empty; a JSON object is expected'),
  // Fastify drops the parser's own message; the body is either not JSON or uses a key that secure-json-parse
  // refuses (`__proto__`, `constructor.prototype`).
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    new ApiError(
      'InvalidJson',
      'Request body is not valid JSON, or uses a forbidden key (__proto__, constructor.prototype)',
    ),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new ApiError('ValidationError', 'Content-Length does not match the body'),
  FST_REQ_FILE_TOO_LARGE: () => new ApiError('PayloadTooLarge', 'An uploaded file is larger than the allowed limit'),
  FST_FILES_LIMIT: () => new ApiError('TooManyFiles', 'Too many files in one request'),
  FST_PARTS_LIMIT: () => new ApiError('TooManyFiles', 'Too many parts in one multipart request'),
  FST_FIELDS_LIMIT: () => new ApiError('InvalidMultipart', 'Too many form fields in one multipart request'),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () => new ApiError('InvalidMultipart', 'The request is not multipart/form-data'),
  FST_PROTO_VIOLATION: () => new ApiError('InvalidJson', 'Request body contains a forbidden property name'),
  // A multipart text part declared `Content-Type: application/json` whose value is not JSON.
  FST_INVALID_JSON_FIELD_ERROR: () =>
    new ApiError('InvalidJson', 'A form part declared as application/json is not valid JSON'),
};

/**
 * Busboy (under @fastify/multipart) reports a malformed or cut-off form with plain `Error`s that
 * carry no code: a body that ends before its closing boundary, or a multipart Content-Type
 * without a boundary. They are the client's fault, never a server error.
 */
const MALFORMED_MULTIPART =
  /^(?:(?:Part|Preamble) terminated early due to unexpected end of multipart data|Unexpected end of multipart data|Multipart: Boundary not found|Unexpected end of form|Malformed part header)$/;

/** The store's reading of an error (`Storage.classifyError`): engine codes stay in the storage adapters. */
export type ClassifyStoreError = (error: unknown) => StoreFailure | undefined;

/**
 * Turns anything thrown while handling a request into an `ApiError`. Unknown errors become
 * `InternalError` with a generic message (the cause is kept for the log, never sent).
 */
export function toApiError(error: unknown, classify?: ClassifyStoreError): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as Partial<FastifyError> & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation && e.validation.length > 0) return validationError(e.validationContext ?? 'body', e.validation);
  const mapped = e.code ? FRAMEWORK_ERRORS[e.code] : undefined;
  if (mapped) return mapped(e as FastifyError);
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message ?? ''))) {
    return new ApiError('InvalidJson', `Request body is not valid JSON: ${e.message}`);
  }
  if (e.statusCode === 413) return new ApiError('PayloadTooLarge', 'Request body is larger than the allowed limit');
  if (e.statusCode === 415) return new ApiError('UnsupportedMediaType', 'Unsupported Content-Type');
  if (!e.code && typeof e.message === 'string' && MALFORMED_MULTIPART.test(e.message)) {
    return new ApiError(
      'InvalidMultipart',
      'The multipart/form-data body is malformed or ends before its closing boundary',
    );
  }
  // The request stream ended early: the client closed the connection mid-body, or the slow-client
  // guard closed it (slow-client-guard.ts). Nobody may be listening, but it is never a server error.
  // Only the request stream's own error (`aborted`): a backend's ECONNRESET (PostgreSQL, Redis) is a 503 below.
  if ((e.code === 'ECONNRESET' && e.message === 'aborted') || e.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new ApiError(
      'RequestTimeout',
      'The request body did not arrive in time, or the client closed the connection',
    );
  }
  if (e.code === 'FST_ERR_MAX_PARAM_LENGTH') return new ApiError('NotFound', 'A path segment is too long');
  const failure = classify?.(error);
  if (failure === 'busy') {
    return new ApiError('ServiceUnavailable', 'The store is busy; retry shortly', { headers: { 'retry-after': '1' } });
  }
  if (failure === 'conflict') {
    // Another request inserted the same key between this one's check and its insert; retrying sees
    // the committed row and answers properly.
    return new ApiError('ServiceUnavailable', 'A concurrent request wrote the same record; retry shortly', {
      headers: { 'retry-after': '1' },
    });
  }
  if (e.code === 'FST_ERR_BAD_URL' || e.code === 'FST_ERR_ASYNC_CONSTRAINT') {
    return new ApiError('NotFound', 'The API could not be found. Please check the API signature.');
  }
  return new ApiError('InternalError', 'The API call failed because of a server error', { cause: error });
}
