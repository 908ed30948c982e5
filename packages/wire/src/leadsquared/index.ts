/**
 * The LeadSquared Service CRM ticket dialect: one schema per request and response body.
 * @module
 */
export * from './conversation-schemas.js';
export * from './date-format.js';
export * from './error-schemas.js';
export * from './field-value-schemas.js';
export * from './guid.js';
export * from './internal-note-schemas.js';
export * from './ticket-create-schemas.js';
export * from './ticket-get-schemas.js';
