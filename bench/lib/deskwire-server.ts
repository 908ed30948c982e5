import { fileURLToPath } from 'node:url';
import { type ServerChild, startChild } from './child.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const APP = fileURLToPath(new URL('./app-server.ts', import.meta.url));

export interface DeskwireServerOptions {
  dataDir: string;
  /** PostgreSQL instead of the data directory's SQLite file (served through `app-server.ts`). */
  databaseUrl?: string;
  /** Largest upload in MiB (the server's default is 25 MB). */
  maxFileMiB?: number;
  /**
   * `cli`: the built `deskwire serve` (with `--database` for PostgreSQL); `app`: `buildApp().listen()` in a
   * bench child. The default is `cli` for SQLite and `app` for PostgreSQL.
   */
  launcher?: 'cli' | 'app';
}

/**
 * Deskwire in a child process, logging off, so the load generator does not share its event loop.
 * By default the built CLI's `deskwire serve --port 0`: the product as users run it.
 */
export function startDeskwire(options: DeskwireServerOptions): Promise<ServerChild> {
  const announces = /^(http:\/\/\S+)\s*$/m; // Both print the base URL as their first line.
  if (options.launcher === 'app' || (options.databaseUrl !== undefined && options.launcher !== 'cli')) {
    const env = { ...process.env, BENCH_MAX_FILE_BYTES: String((options.maxFileMiB ?? 0) * 1024 ** 2) };
    const args = ['--import', 'tsx', APP, options.dataDir, ...(options.databaseUrl ? [options.databaseUrl] : [])];
    return startChild(process.execPath, args, announces, env);
  }
  // --migrate: the bench always starts on a fresh data dir, which `serve` otherwise refuses.
  const args = [BIN, 'serve', '--port', '0', '--data-dir', options.dataDir, '--log-level', 'silent', '--migrate'];
  if (options.databaseUrl !== undefined) args.push('--database', options.databaseUrl);
  if (options.maxFileMiB) args.push('--max-file-size', `${options.maxFileMiB}mb`);
  return startChild(process.execPath, args, announces);
}
