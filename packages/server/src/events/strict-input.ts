import type { TObject } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';

/**
 * A preValidation hook that refuses properties the schema does not name: the app's validator drops them
 * silently, and a webhook created without the `events` filter someone misspelled delivers everything.
 */
export function refuseUnknown(schema: TObject, where: 'body' | 'query') {
  const known = new Set(Object.keys(schema.properties));
  return async (request: FastifyRequest): Promise<void> => {
    const value = (where === 'body' ? request.body : request.query) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const unknown = Object.keys(value).find((key) => !known.has(key));
    if (unknown !== undefined) {
      throw new ApiError(
        'ValidationError',
        `Unknown ${where === 'body' ? 'property' : 'parameter'} '${unknown.slice(0, 64)}': expected ${[...known].join(', ')}`,
      );
    }
  };
}
