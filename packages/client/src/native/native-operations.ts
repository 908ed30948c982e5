import { NATIVE_OPERATIONS, type NativeOperation } from '@deskwire/wire';
import type { CatalogueOperation } from '../core/catalogue-operation.js';

/** An /api/v1 operation as the client sends it: read from the catalogue, so no path is written twice. */
function nativeOperation(operation: NativeOperation): CatalogueOperation {
  return Object.freeze({
    name: operation.name,
    method: operation.method,
    safe: operation.kind === 'read',
    path: operation.path,
  });
}

type NativeTable = typeof NATIVE_OPERATIONS;

/** The client's table of Deskwire's own API (`NATIVE_OPERATIONS` of @deskwire/wire), same keys. */
export const DESKWIRE_OPERATIONS: {
  readonly [K in keyof NativeTable]: CatalogueOperation & { readonly name: NativeTable[K]['name'] };
} = Object.freeze(
  Object.fromEntries(
    Object.entries(NATIVE_OPERATIONS).map(([key, op]) => [key, nativeOperation(op as NativeOperation)]),
  ),
) as never;
