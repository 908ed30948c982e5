// What the servers that answer every request with one captured response share (ceiling-server.ts, the bare
// `http` ceiling, and framework-floor-server.ts, one Fastify route): how a bench starts one as a child, and how
// the child reads its arguments.
import { type ServerChild, startChild } from './child.js';

/** The captured response a responder child serves. */
export interface CapturedResponse {
  status: number;
  contentType: string;
  /** A file holding the body's bytes. */
  bodyFile: string;
}

/** Starts the responder `script` (a .ts file run through tsx) in its own process, serving `response`. */
export function startResponder(script: string, response: CapturedResponse): Promise<ServerChild> {
  return startChild(
    process.execPath,
    ['--import', 'tsx', script, String(response.status), response.contentType, response.bodyFile],
    /^(http:\/\/\S+)\s*$/m,
  );
}

/** The response a responder child was started with (its command line), or a usage error naming `script`. */
export function responderArguments(script: string, argv: readonly string[]): CapturedResponse {
  const [status, contentType, bodyFile] = argv.slice(2);
  if (!status || !contentType || !bodyFile) throw new Error(`usage: ${script} <status> <content-type> <body-file>`);
  return { status: Number(status), contentType, bodyFile };
}
