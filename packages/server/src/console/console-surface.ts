import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Surface } from '../http/surface.js';
import { CONSOLE_HEADERS, ENTRY_CACHE, HASHED_ASSET_CACHE } from './console-headers.js';

/** Where the agent console is served. */
export const CONSOLE_PREFIX = '/console';

/** Built assets live under this folder of the console directory (Vite's `assetsDir`). */
const ASSETS_DIR = 'assets';

const NO_SUCH_FILE = 'The console has no such file.';

/**
 * The agent console (a single-page app) as a surface: on when `consoleDir` names a built console (the
 * directory with index.html and assets/, which `@deskwire/console` exports; the CLI's `serve` passes it).
 * The server does not depend on the console package: without the option, /console is an unknown path.
 */
export const consoleSurface: Surface = {
  name: 'console',
  async register(app, { options }) {
    const root = options.consoleDir;
    if (root === undefined) return;
    if (!existsSync(join(root, 'index.html'))) {
      throw new Error(`consoleDir ${root} holds no index.html: build the console first (npm run build)`);
    }
    await app.register((scope, _opts, done) => consoleRoutes(scope, root).then(() => done(), done), {
      prefix: CONSOLE_PREFIX,
    });
  },
};

async function consoleRoutes(scope: FastifyInstance, root: string): Promise<void> {
  const assetsRoot = join(root, ASSETS_DIR) + sep;
  scope.addHook('onRequest', async (_request, reply) => {
    reply.headers(CONSOLE_HEADERS);
  });
  await scope.register(fastifyStatic, {
    root,
    prefix: '/',
    // `/console` answers a redirect to `/console/`, which serves index.html.
    redirect: true,
    index: ['index.html'],
    cacheControl: false,
    dotfiles: 'deny',
    setHeaders(res, path) {
      res.setHeader('cache-control', path.startsWith(assetsRoot) ? HASHED_ASSET_CACHE : ENTRY_CACHE);
    },
  });
  // @fastify/send refuses dotfiles and paths that climb out of the root with 403/404 errors; answer them
  // as such (the app-wide handler would count them as server errors).
  scope.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply
        .status(status === 403 ? 404 : status)
        .type('text/plain; charset=utf-8')
        .send(NO_SUCH_FILE);
    }
    request.log.error({ err: error }, 'console file failed');
    return reply.status(500).type('text/plain; charset=utf-8').send('The console file could not be read.');
  });
  // SPA fallback: a page path (/console/tickets/143) is the app's to route, so it gets index.html; a
  // missing asset or a non-GET request stays a 404.
  scope.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?', 1)[0] ?? request.url;
    const isPage = !path.startsWith(`${CONSOLE_PREFIX}/${ASSETS_DIR}/`) && !/\/[^/]*\.[a-z0-9]+$/i.test(path);
    if ((request.method === 'GET' || request.method === 'HEAD') && isPage) {
      return reply.header('cache-control', ENTRY_CACHE).sendFile('index.html');
    }
    return reply.status(404).type('text/plain; charset=utf-8').send(NO_SUCH_FILE);
  });
}
