/**
 * The server package, loaded only when a command that works on a data directory runs: loading it
 * (Fastify, Kysely, better-sqlite3) costs about 0.4 s, which every vendor command would otherwise pay.
 */
export function loadServer(): Promise<typeof import('@deskwire/server')> {
  return import('@deskwire/server');
}
