// What the servers that answer every request with one captured response share (ceiling-server.ts, the bare
// `http` ceiling, and framework-floor-server.ts, one Fastify route): how a bench starts one as a child, and how
// the child reads its arguments.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerChild, startChild } from './child.js';

/** The captured response a responder child serves. */
export interface CapturedResponse {
  status: number;
  contentType: string;
  /** A file holding the body's bytes. */
  bodyFile: string;
}

/**
 * Starts the responder `script` (a .ts file run through tsx) in its own process, serving `response`; `extra`
 * arguments follow the response's three.
 */
export function startResponder(
  script: string,
  response: CapturedResponse,
  extra: readonly string[] = [],
): Promise<ServerChild> {
  return startChild(
    process.execPath,
    ['--import', 'tsx', script, String(response.status), response.contentType, response.bodyFile, ...extra],
    /^(http:\/\/\S+)\s*$/m,
  );
}

/**
 * Serves `answer` on a bare `http` server on a free port of 127.0.0.1, once each request's body was read to its
 * end (as Deskwire's must be), and announces the base URL on stdout; SIGTERM closes it. Fastify's keep-alive
 * timeout, so neither side closes idle connections sooner.
 */
export function serveBare(answer: (request: IncomingMessage, response: ServerResponse) => void): void {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(request, response));
  });
  server.keepAliveTimeout = 72_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** The response a responder child was started with (its command line), or a usage error naming `script` (and `more`). */
export function responderArguments(script: string, argv: readonly string[], more = ''): CapturedResponse {
  const [status, contentType, bodyFile] = argv.slice(2);
  if (!status || !contentType || !bodyFile) {
    throw new Error(`usage: ${script} <status> <content-type> <body-file>${more}`);
  }
  return { status: Number(status), contentType, bodyFile };
}
