import type { WireOperation } from '@deskwire/wire';
import type { Operation } from './request.js';

/** An operation of the wire catalogue as the client sends it: its path kept for building URLs. */
export interface CatalogueOperation extends Operation {
  /** The catalogue's full path with its `{param}`s (`/api/tenants/{orgId}/tickets/{ticketRef}`). */
  readonly path: string;
}

/** Name, method and path as the catalogue has them; `safe` (retried) exactly when the catalogue calls it a read. */
export function catalogueOperation(operation: WireOperation): CatalogueOperation {
  return Object.freeze({
    name: operation.name,
    method: operation.method,
    safe: operation.kind === 'read',
    path: operation.path,
  });
}

/** A catalogue table's entries, each derived; the names keep their literal types (`'lsq.getTicket'`). */
export type DerivedOperations<T extends Readonly<Record<string, WireOperation>>, R> = {
  readonly [K in keyof T]: R & { readonly name: T[K]['name'] };
};

/** A catalogue table (`LSQ_OPERATIONS` of @deskwire/wire) turned into the client's, same keys. */
export function deriveOperations<T extends Readonly<Record<string, WireOperation>>, R>(
  catalogue: T,
  derive: (operation: T[keyof T]) => R,
): DerivedOperations<T, R> {
  const entries = Object.entries(catalogue).map(([key, operation]) => [key, derive(operation as T[keyof T])]);
  return Object.freeze(Object.fromEntries(entries)) as DerivedOperations<T, R>;
}
