import { Command, Option } from 'commander';
import { resolveDataDir } from '../data-dir.js';
import { bool, bytes, port, positiveInt } from '../parse-options.js';
import { loadServer } from '../server-module.js';

interface ServeOptions {
  host: string;
  port: number;
  dataDir?: string;
  demo?: boolean;
  publicUrl?: string;
  logLevel: string;
  maxBodySize?: number;
  maxFileSize?: number;
  maxFiles?: number;
  trustProxy?: boolean;
  shutdownGrace: number;
  adminToken?: string;
  journalSize?: number;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the Deskwire server on a data directory')
    .option('--host <host>', 'address to listen on', process.env.DESKWIRE_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', port, Number(process.env.DESKWIRE_PORT ?? 8787))
    .option('--data-dir <dir>', 'data directory (default $DESKWIRE_DATA_DIR or ./.deskwire)')
    .option('--demo', 'seed org 22824 "Education 101" with ticket #143 and print its keys')
    .option('--public-url <url>', 'base URL for signed download links (default: from each request)')
    .addOption(
      new Option('--log-level <level>', 'pino log level (logs go to stderr)')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default(process.env.DESKWIRE_LOG_LEVEL ?? 'info'),
    )
    .option('--max-body-size <size>', 'largest JSON body, e.g. 1mb', bytes)
    .option('--max-file-size <size>', 'largest uploaded file, e.g. 25mb', bytes)
    .option('--max-files <n>', 'most files per request', positiveInt)
    .option('--trust-proxy <bool>', 'take the client IP from X-Forwarded-For', bool)
    .option('--shutdown-grace <ms>', 'how long in-flight requests may run after SIGTERM', positiveInt, 10_000)
    .option('--admin-token <token>', 'enable the sandbox controls at /_deskwire (or $DESKWIRE_ADMIN_TOKEN)')
    .option('--journal-size <n>', 'requests the sandbox journal keeps per tenant (default 200)', positiveInt)
    .addHelpText('after', '\nExample:\n  deskwire serve --demo --port 8787\n')
    .action(async (options: ServeOptions) => {
      const { buildApp, openDeskwire, seedDemo } = await loadServer();
      const deskwire = await openDeskwire({ dataDir: resolveDataDir(options.dataDir) });
      const demo = options.demo ? await seedDemo(deskwire) : undefined;
      // Read here, not as the option's default: --help prints defaults, and so would print the token.
      const adminToken = options.adminToken ?? (process.env.DESKWIRE_ADMIN_TOKEN || undefined);
      const app = await buildApp(deskwire, {
        logLevel: options.logLevel,
        logStream: process.stderr,
        ...(adminToken !== undefined && { adminToken }),
        ...(options.journalSize && { journalSize: options.journalSize }),
        ...(options.publicUrl && { publicUrl: options.publicUrl }),
        ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
        limits: {
          ...(options.maxBodySize && { bodyBytes: options.maxBodySize }),
          ...(options.maxFileSize && { fileBytes: options.maxFileSize }),
          ...(options.maxFiles && { files: options.maxFiles }),
        },
      });
      await app.listen({ host: options.host, port: options.port });
      const address = app.server.address();
      const boundPort = typeof address === 'object' && address ? address.port : options.port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      const baseUrl = `http://${host}:${boundPort}`;
      // The first line names the base URL: scripts and tests read it (with --port 0 especially).
      process.stdout.write(`${baseUrl}\n`);
      process.stdout.write(`Deskwire is serving ${deskwire.dataDir}\n`);
      if (adminToken !== undefined) process.stdout.write(`Sandbox controls at ${baseUrl}/_deskwire (admin token)\n`);
      if (demo) printDemo(baseUrl, demo);
      handleSignals(async () => {
        await app.close();
        await deskwire.close();
      }, options.shutdownGrace);
    });
}

function printDemo(
  baseUrl: string,
  demo: { orgId: number; accessKey: string; secretKey: string; ticketNumber: number },
) {
  process.stdout.write(
    [
      `Demo tenant ${demo.orgId} (keys are public: use them on your own machine only)`,
      `  X-LSQ-ACCESS-KEY: ${demo.accessKey}`,
      `  X-LSQ-SECRET-KEY: ${demo.secretKey}`,
      `Try:`,
      `  curl -s ${baseUrl}/api/tenants/${demo.orgId}/tickets/${demo.ticketNumber} -H 'X-LSQ-ACCESS-KEY: ${demo.accessKey}' -H 'X-LSQ-SECRET-KEY: ${demo.secretKey}'`,
      '',
    ].join('\n'),
  );
}

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the store, exit 0. Requests
 * still running after `graceMs` are cut off (exit 1); a second signal during the grace period is
 * ignored, so an orchestrator's repeated SIGTERM cannot interrupt a clean stop.
 */
function handleSignals(shutdown: () => Promise<void>, graceMs: number): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal} received, finishing in-flight requests (up to ${graceMs} ms)\n`);
    setTimeout(() => {
      process.stderr.write('shutdown grace period over, exiting with requests still in flight\n');
      process.exit(1);
    }, graceMs).unref();
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
