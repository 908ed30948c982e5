import { OPERATIONS } from '@deskwire/wire';
import { ApiError } from '../errors/api-error.js';

/** Every operation name of the catalogue (@deskwire/wire), which the routes are declared from. */
const KNOWN: ReadonlySet<string> = new Set(OPERATIONS.map((operation) => operation.name));

/**
 * Refuses a fault rule's `operation` that could never match (checked against the operations catalogue): an unknown name (`lsq.getTickt`), or a prefix
 * pattern (`lsq.get*`) that no operation starts with. `*` matches everything.
 */
export function checkFaultOperation(operation: string | undefined, known: ReadonlySet<string> = KNOWN): void {
  if (operation === undefined || operation === '*') return;
  const names = [...known].sort();
  if (operation.endsWith('*')) {
    const prefix = operation.slice(0, -1);
    if (names.some((name) => name.startsWith(prefix))) return;
    throw new ApiError('ValidationError', `operation '${operation}' matches no operation; known: ${names.join(', ')}`);
  }
  if (known.has(operation)) return;
  throw new ApiError('ValidationError', `operation '${operation}' is not an operation; known: ${names.join(', ')}`);
}
