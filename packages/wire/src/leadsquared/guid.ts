import { Type } from '@sinclair/typebox';

/** A GUID as the vendor writes it: lowercase hex, 8-4-4-4-12 (e.g. `"03913666-6ab8-4355-9a50-a63fe3204d0a"`). */
export const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** Schema of a GUID string. A pattern, not `format: uuid`, so any JSON Schema validator checks it alike. */
export const LsqGuid = Type.String({ pattern: GUID_PATTERN });
