// Writes docs/openapi.json: the OpenAPI 3.1 document the server serves at GET /openapi.json, generated
// from @deskwire/wire's operations catalogue (never edited by hand). Usage: npm run openapi (builds first).
// packages/server/test/openapi-document.test.ts fails while the committed file differs from the generated one.
import { writeFile } from 'node:fs/promises';
import { openApiJson } from '@deskwire/server/http';

const target = new URL('../docs/openapi.json', import.meta.url);
await writeFile(target, openApiJson());
console.log(`wrote ${target.pathname}`);
