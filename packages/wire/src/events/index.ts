export * from './event-schemas.js';
export * from './operation-events.js';
export * from './webhook-schemas.js';
