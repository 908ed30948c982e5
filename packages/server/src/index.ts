/**
 * @deskwire/server: a stateful, multi-tenant ticket service, wire-compatible with the LeadSquared
 * Service CRM and Kapture CRM ticket APIs over one ticket store. `openDeskwire` opens a data set, `buildApp` serves it over HTTP, and the
 * core functions administer it (what the `deskwire` CLI calls).
 * @module
 */
export * from './public-admin.js';
export * from './public-email.js';
export * from './public-events.js';
export * from './public-http.js';
export * from './public-sandbox.js';
export * from './public-storage.js';
