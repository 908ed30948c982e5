import { fileURLToPath } from 'node:url';

/**
 * The directory holding the console's built files (index.html and hashed assets), for a server to serve
 * at `/console/`. The server does not depend on this package: the CLI's `serve` reads this path and hands
 * it to the server as its `consoleDir` option.
 */
export const consoleAssetsDir: string = fileURLToPath(new URL('../dist/app/', import.meta.url));

/** Where the console lives on a Deskwire server. */
export const CONSOLE_PATH = '/console/';
