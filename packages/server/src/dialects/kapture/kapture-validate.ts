import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ApiError } from '../../errors/api-error.js';
import { dotted } from '../../http/validation-message.js';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalidJson = () => new ApiError('InvalidJson', 'Invalid Json.');

/**
 * K3's body: a JSON object. An array (or any other JSON value) is "Invalid Json." as documented; no
 * body at all reads as `{}`, so the missing field is named instead.
 */
export function objectBody(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw invalidJson();
  return body;
}

/**
 * K1, K2 and K4 bodies: the documented array of one object, or the bare object. An empty array, an array
 * of several objects or anything but objects is "Invalid Json."; no body at all reads as `{}`.
 */
export function oneObjectBody(body: unknown): JsonObject {
  if (Array.isArray(body)) {
    if (body.length !== 1 || !isObject(body[0])) throw invalidJson();
    return body[0];
  }
  return objectBody(body);
}

/** `""`, whitespace, `null` and absent all mean "not given" (the docs' examples send every field as `""`). */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Validates an object against a wire schema once the documented checks have passed, with messages in
 * the form route validation uses elsewhere ("Invalid body: 'comment' must be string").
 */
export function validator<T extends TSchema>(schema: T): (value: unknown) => Static<T> {
  const compiled = TypeCompiler.Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return value;
    const first = compiled.Errors(value).First();
    const path = dotted(first?.path ?? '');
    if (first && first.value === undefined && path) {
      throw new ApiError('ValidationError', `Invalid body: '${path}' is required`);
    }
    const message = first?.message ?? 'is invalid';
    const detail =
      message === 'Expected union value' ? 'is not of an accepted type' : message.replace(/^Expected /, 'must be ');
    throw new ApiError('ValidationError', `Invalid body: ${path ? `'${path}' ` : ''}${detail}`);
  };
}
