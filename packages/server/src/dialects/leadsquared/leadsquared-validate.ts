import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ApiError } from '../../errors/api-error.js';

/**
 * Validates a body that Fastify cannot validate by route schema (the multipart `ticketDTO`, and the
 * JSON create that shares its handler), with messages in the same form as route validation.
 */
export function validator<T extends TSchema>(schema: T, what: string): (value: unknown) => Static<T> {
  const compiled = TypeCompiler.Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return value;
    const first = compiled.Errors(value).First();
    if (!first) throw new ApiError('ValidationError', `Invalid ${what}`);
    const path = first.path.slice(1).replaceAll('/', '.');
    if (first.value === undefined && path)
      throw new ApiError('ValidationError', `Invalid ${what}: '${path}' is required`);
    return failWith(what, path, first.message);
  };
}

function failWith(what: string, path: string, message: string): never {
  throw new ApiError('ValidationError', `Invalid ${what}: ${path ? `'${path}' ` : ''}${message.toLowerCase()}`);
}
