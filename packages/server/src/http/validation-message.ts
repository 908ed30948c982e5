import { ApiError } from '../errors/api-error.js';

/** The part of an Ajv error that messages are built from (Fastify passes Ajv's errors through). */
export interface AjvIssue {
  instancePath: string;
  keyword?: string;
  message?: string;
  params?: { allowedValue?: unknown; missingProperty?: string };
}

/**
 * One readable sentence for a schema failure: `Invalid body: 'ActivityType.0' must be one of
 * "InboundEmail", "OutboundEmail", …`. A union of literals fails once per branch; those failures
 * are folded into a single "one of" list instead of naming only the first literal.
 */
export function validationError(where: string, issues: readonly AjvIssue[]): ApiError {
  const first = issues[0];
  const path = dotted(first?.instancePath ?? '');
  const missing = first?.params?.missingProperty;
  if (missing) {
    return new ApiError(
      'ValidationError',
      `Invalid ${where}: '${[path, missing].filter(Boolean).join('.')}' is required`,
    );
  }
  const allowed = issues
    .filter((i) => i.instancePath === first?.instancePath && i.params?.allowedValue !== undefined)
    .map((i) => JSON.stringify(i.params?.allowedValue));
  let detail = first?.message ?? 'is invalid';
  if (allowed.length === 1) detail = `must be ${allowed[0]}`;
  if (allowed.length > 1) detail = `must be one of ${allowed.join(', ')}`;
  return new ApiError('ValidationError', `Invalid ${where}: ${path ? `'${path}' ` : ''}${detail}`);
}

/** `/Fields/0/Value` → `Fields.0.Value`. */
export function dotted(pointer: string): string {
  return pointer.replace(/^\//, '').replaceAll('/', '.');
}
