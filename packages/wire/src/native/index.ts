export * from './native-schemas.js';
