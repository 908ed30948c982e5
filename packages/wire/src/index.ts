/**
 * @deskwire/wire: the one definition of both vendors' wire contracts, shared by server and SDK.
 * Every schema is a JSON Schema object (TypeBox) with a static type of the same name.
 * @module
 */
export * from './html-entities.js';
export * from './json-schemas.js';
export * from './kapture/index.js';
export * from './leadsquared/index.js';
export * from './native/index.js';
export * from './openapi/index.js';
export * from './operations/index.js';
