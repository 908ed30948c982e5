import type { FastifyError } from 'fastify';
import { ApiError } from '../errors/api-error.js';

/** Fastify and @fastify/multipart error codes, and what each means to an integrator. */
const FRAMEWORK_ERRORS: Record<string, (e: FastifyError) => ApiError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new ApiError('PayloadTooLarge', 'Request body is larger than the allowed limit'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) =>
    new ApiError(
      'UnsupportedMediaType',
      `Unsupported Content-Type; send application/json${e.message.includes('multipart') ? '' : ' (or multipart/form-data where documented)'}`,
    ),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new ApiError('InvalidJson', 'Request body is empty; a JSON object is expected'),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => new ApiError('InvalidJson', `Request body is not valid JSON: ${e.message}`),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new ApiError('ValidationError', 'Content-Length does not match the body'),
  FST_REQ_FILE_TOO_LARGE: () => new ApiError('PayloadTooLarge', 'An uploaded file is larger than the allowed limit'),
  FST_FILES_LIMIT: () => new ApiError('TooManyFiles', 'Too many files in one request'),
  FST_PARTS_LIMIT: () => new ApiError('TooManyFiles', 'Too many parts in one multipart request'),
  FST_FIELDS_LIMIT: () => new ApiError('InvalidMultipart', 'Too many form fields in one multipart request'),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () => new ApiError('InvalidMultipart', 'The request is not multipart/form-data'),
  FST_PROTO_VIOLATION: () => new ApiError('InvalidJson', 'Request body contains a forbidden property name'),
};

/**
 * Turns anything thrown while handling a request into an `ApiError`. Unknown errors become
 * `InternalError` with a generic message (the cause is kept for the log, never sent).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as Partial<FastifyError> & { validation?: Array<{ instancePath: string; message?: string }> };
  if (e.validation && e.validation.length > 0)
    return validationError(e as FastifyError & { validationContext?: string });
  const mapped = e.code ? FRAMEWORK_ERRORS[e.code] : undefined;
  if (mapped) return mapped(e as FastifyError);
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message ?? ''))) {
    return new ApiError('InvalidJson', `Request body is not valid JSON: ${e.message}`);
  }
  if (e.statusCode === 413) return new ApiError('PayloadTooLarge', 'Request body is larger than the allowed limit');
  if (e.statusCode === 415) return new ApiError('UnsupportedMediaType', 'Unsupported Content-Type');
  if (e.code === 'FST_ERR_BAD_URL' || e.code === 'FST_ERR_ASYNC_CONSTRAINT') {
    return new ApiError('NotFound', 'The API could not be found. Please check the API signature.');
  }
  return new ApiError('InternalError', 'The API call failed because of a server error', { cause: error });
}

function validationError(e: FastifyError & { validationContext?: string }): ApiError {
  const first = e.validation?.[0];
  const where = e.validationContext ?? 'body';
  const path = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '';
  const params = (first as { params?: { allowedValue?: unknown; missingProperty?: string } } | undefined)?.params;
  let detail = first?.message ?? 'is invalid';
  if (params?.allowedValue !== undefined) detail = `must be ${JSON.stringify(params.allowedValue)}`;
  if (params?.missingProperty)
    return new ApiError(
      'ValidationError',
      `Invalid ${where}: '${[path, params.missingProperty].filter(Boolean).join('.')}' is required`,
    );
  return new ApiError('ValidationError', `Invalid ${where}: ${path ? `'${path}' ` : ''}${detail}`);
}
