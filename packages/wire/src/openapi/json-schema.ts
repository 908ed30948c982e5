import { Kind, type TSchema } from '@sinclair/typebox';
import * as kapture from '../kapture/index.js';
import * as leadsquared from '../leadsquared/index.js';
import * as native from '../native/index.js';
import * as sandbox from '../sandbox/index.js';

/** A schema as plain JSON (OpenAPI 3.1 is JSON Schema 2020-12), TypeBox's symbol keys left out. */
export type JsonSchema = Record<string, unknown>;

/**
 * The schema as plain JSON: a deep copy through JSON, which drops TypeBox's symbol keys
 * (`Kind`, `Optional`) and anything else that is not JSON.
 */
export function toJsonSchema(schema: TSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

function isSchema(value: unknown): value is TSchema {
  return typeof value === 'object' && value !== null && Kind in value;
}

/**
 * The exported name of every wire schema, by identity: the component name a schema gets when it is
 * hoisted into `components.schemas`. Sandbox and /api/v1 schemas are prefixed (`SandboxTenantView`,
 * `NativeSessionView`), vendor
 * ones already are (`Lsq…`, `Kap…`). First export wins, so an alias never renames a schema.
 */
export function schemaNames(): ReadonlyMap<TSchema, string> {
  const names = new Map<TSchema, string>();
  const modules: [string, Record<string, unknown>][] = [
    ['', leadsquared],
    ['', kapture],
    ['Sandbox', sandbox],
    ['Native', native],
  ];
  for (const [prefix, exports] of modules) {
    for (const name of Object.keys(exports).sort()) {
      const value = exports[name];
      // `NativeTicketView` stays itself rather than becoming `NativeNativeTicketView`.
      const named = name.startsWith(prefix) ? name : `${prefix}${name}`;
      if (isSchema(value) && !names.has(value)) names.set(value, named);
    }
  }
  return names;
}
