export * from './openapi-document.js';
export { SECURITY_SCHEMES } from './security-schemes.js';
