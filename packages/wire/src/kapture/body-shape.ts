import { type TSchema, Type } from '@sinclair/typebox';

/**
 * K1, K2 and K4 are documented with a JSON **array** holding one object, and integrators also send the
 * bare object, which works (vendor-apis.md §2.1, nammayatri). The schema of such a body: the object,
 * or an array of exactly that one object.
 */
export function kapOneOrArrayOfOne<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Array(schema, { minItems: 1, maxItems: 1 })]);
}
