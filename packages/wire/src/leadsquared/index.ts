/**
 * The LeadSquared Service CRM ticket dialect: one schema per request and response body.
 * @module
 */
export * from './conversation-schemas.js';
export * from './date-format.js';
export * from './error-schemas.js';
export * from './field-metadata-schemas.js';
export * from './field-value-schemas.js';
export * from './guid.js';
export * from './internal-note-schemas.js';
export * from './lookup-schemas.js';
export * from './portal-activity-schemas.js';
export * from './ticket-create-schemas.js';
export * from './ticket-get-schemas.js';
export * from './ticket-update-schemas.js';
export * from './trash-schemas.js';
