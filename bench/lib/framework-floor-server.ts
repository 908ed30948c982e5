// The framework floor: a Fastify app with one catch-all route that answers every request with one
// captured response from memory, no hooks, no logging (as the bench's Deskwire runs). Between the bare
// `http` ceiling (ceiling-server.ts) and Deskwire, it tells what Fastify itself costs a request from
// what Deskwire's own hooks, auth, storage and caches do.
// Run as a child: node --import tsx bench/lib/framework-floor-server.ts <status> <content-type> <body-file>
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { responderArguments, startResponder } from './captured-responder.js';
import type { ServerChild } from './child.js';

const SELF = fileURLToPath(import.meta.url);

/** Starts the framework floor in its own process, answering with `bodyFile`'s bytes. */
export function startFrameworkFloor(status: number, contentType: string, bodyFile: string): Promise<ServerChild> {
  return startResponder(SELF, { status, contentType, bodyFile });
}

async function serve(status: number, contentType: string, bodyFile: string): Promise<void> {
  const body = await readFile(bodyFile);
  const app = Fastify({ logger: false, keepAliveTimeout: 72_000 });
  // Every body is read to the end: a JSON one (K3's) by Fastify's own parser, as Deskwire's is; any other
  // type is read and ignored, as the ceiling does.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
  app.all('/*', (_request, reply) => reply.code(status).type(contentType).send(body));
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

if (process.argv[1] === SELF) {
  const { status, contentType, bodyFile } = responderArguments('framework-floor-server.ts', process.argv);
  await serve(status, contentType, bodyFile);
}
