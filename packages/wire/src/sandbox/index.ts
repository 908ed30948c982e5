export * from './sandbox-list-schemas.js';
export * from './sandbox-schemas.js';
