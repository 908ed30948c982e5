/**
 * The Kapture CRM ticket dialect (API v.2.0): one schema per request and response body. Names start
 * with `Kap` / `KAP_` so they sit beside the LeadSquared ones in one barrel.
 * @module
 */
export * from './body-shape.js';
export * from './customer-schemas.js';
export * from './date-format.js';
export * from './error-schemas.js';
export * from './html-entities.js';
export * from './ticket-create-schemas.js';
export * from './ticket-get-schemas.js';
export * from './ticket-pull-schemas.js';
export * from './ticket-update-schemas.js';
export * from './token-apis.js';
