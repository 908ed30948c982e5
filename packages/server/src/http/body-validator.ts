import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ApiError } from '../errors/api-error.js';
import { dotted } from './validation-message.js';

/**
 * Validates a body that a route schema cannot (LeadSquared's create takes JSON or a multipart
 * `ticketDTO`; Kapture checks its documented failures first), with messages in the same form as route
 * validation ("Invalid body: 'TypeId' must be string"). `where` names what was checked: `body` or
 * `ticketDTO`.
 */
export function validator<T extends TSchema>(schema: T): (value: unknown, where?: string) => Static<T> {
  const compiled = TypeCompiler.Compile(schema);
  return (value, where = 'body') => {
    if (compiled.Check(value)) return value;
    const first = compiled.Errors(value).First();
    const path = dotted(first?.path ?? '');
    if (first && first.value === undefined && path) {
      throw new ApiError('ValidationError', `Invalid ${where}: '${path}' is required`);
    }
    // TypeBox says "Expected string"; route validation (Ajv) says "must be string".
    const message = first?.message ?? 'is invalid';
    const detail =
      message === 'Expected union value' ? 'is not of an accepted type' : message.replace(/^Expected /, 'must be ');
    throw new ApiError('ValidationError', `Invalid ${where}: ${path ? `'${path}' ` : ''}${detail}`);
  };
}
