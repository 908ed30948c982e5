import { KAP_OPERATIONS } from './kapture-operations.js';
import { LSQ_OPERATIONS } from './leadsquared-operations.js';
import type { WireOperation } from './operation.js';

export * from './kapture-operations.js';
export * from './leadsquared-operations.js';
export * from './native-operations.js';
export * from './operation.js';
export * from './sandbox-operations.js';

/** Every operation of every wire surface, in catalogue order. */
export const OPERATIONS: readonly WireOperation[] = Object.freeze([
  ...Object.values(LSQ_OPERATIONS),
  ...Object.values(KAP_OPERATIONS),
]);

const BY_NAME: ReadonlyMap<string, WireOperation> = new Map(OPERATIONS.map((op) => [op.name, op]));

/** The operation of that name, or `undefined` (fault rules and metrics validate names with it). */
export function operationNamed(name: string): WireOperation | undefined {
  return BY_NAME.get(name);
}
