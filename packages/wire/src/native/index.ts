export * from './native-sandbox-schemas.js';
export * from './native-schemas.js';
export * from './presence-schemas.js';
