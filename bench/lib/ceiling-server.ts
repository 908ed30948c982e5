// The ceiling: a bare Node `http` server that answers every request with one captured response
// from memory. It still reads each request body to the end (as ours must), so the difference to
// Deskwire is our routing, auth, validation, storage and serialisation, not the transport.
// Run as a child: node --import tsx bench/lib/ceiling-server.ts <status> <content-type> <body-file>
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { responderArguments, serveBare, startResponder } from './captured-responder.js';
import type { ServerChild } from './child.js';

const SELF = fileURLToPath(import.meta.url);

/** Starts the ceiling server in its own process, answering with `bodyFile`'s bytes. */
export function startCeiling(status: number, contentType: string, bodyFile: string): Promise<ServerChild> {
  return startResponder(SELF, { status, contentType, bodyFile });
}

async function serve(status: number, contentType: string, bodyFile: string): Promise<void> {
  const body = await readFile(bodyFile);
  const headers = { 'content-type': contentType, 'content-length': String(body.length) };
  serveBare((_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  });
}

if (process.argv[1] === SELF) {
  const { status, contentType, bodyFile } = responderArguments('ceiling-server.ts', process.argv);
  await serve(status, contentType, bodyFile);
}
