import { CONSOLE_PATH, consoleAssetsDir } from '@deskwire/console';
import type { ConnectionLimits } from '@deskwire/server';
import { Command, Option } from 'commander';
import { startBlobSweeper } from '../blob-sweeper.js';
import { CliError, EXIT } from '../cli-error.js';
import { openForServe, storageLocation } from '../data-dir.js';
import { duration } from '../duration.js';
import { envOption } from '../env-option.js';
import {
  bool,
  bytes,
  count,
  port,
  positiveInt,
  sqliteSynchronousLevel,
  timerMs,
  trustProxySetting,
} from '../parse-options.js';
import { type S3Flags, s3Options } from '../s3-options.js';
import { loadServer } from '../server-module.js';
import { addSmtpOptions, type SmtpFlags, smtpChannelOptions } from './smtp-options.js';

interface ServeOptions extends S3Flags, SmtpFlags {
  host: string;
  port: number;
  dataDir?: string;
  database?: string;
  databasePoolSize?: number;
  migrate?: boolean;
  demo?: boolean;
  demoPublic?: boolean;
  webhooksAllowPrivate?: boolean;
  webhookDispatch?: boolean;
  webhookClaimTimeout?: number;
  publicUrl?: string;
  logLevel: string;
  maxBodySize?: number;
  maxFileSize?: number;
  maxFiles?: number;
  trustProxy?: boolean | number | string[];
  shutdownGrace: number;
  adminToken?: string;
  journalSize?: number;
  redis?: string;
  redisPrefix?: string;
  metricsToken?: string;
  blobSweepGrace?: number;
  blobSweepInterval?: number;
  sqliteSynchronous?: 'extra' | 'full' | 'normal';
  headersTimeout?: number;
  bodyTimeout?: number;
  minBodyRate?: number;
  maxConnectionsPerIp?: number;
  console: boolean;
}

export function serveCommand(): Command {
  const command = new Command('serve')
    .description('Run the Deskwire server on a data directory')
    .option('--host <host>', 'address to listen on', process.env.DESKWIRE_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', port, Number(process.env.DESKWIRE_PORT ?? 8787))
    .option('--no-console', 'do not serve the agent console at /console/')
    .option('--data-dir <dir>', 'data directory (default $DESKWIRE_DATA_DIR or ./.deskwire)')
    .option('--database <url>', 'keep tickets in PostgreSQL, postgres://… (or $DESKWIRE_DATABASE_URL)')
    .option(
      '--database-pool-size <n>',
      'PostgreSQL connections per instance (default 10, or $DESKWIRE_DATABASE_POOL_SIZE)',
      positiveInt,
    )
    .option(
      '--sqlite-synchronous <level>',
      'SQLite commit durability: full (default; survives power loss), extra, or normal (faster; the last commits can be lost on power loss) (or $DESKWIRE_SQLITE_SYNCHRONOUS)',
      sqliteSynchronousLevel,
    )
    .option('--migrate', 'apply pending migrations before starting (or DESKWIRE_MIGRATE=1); without it, refuse')
    .option('--demo', 'seed org 22824 "Education 101" with ticket #143 and print its keys')
    .option(
      '--demo-public',
      'let the demo keys (published in the README) answer other machines too; warns at every start (or DESKWIRE_DEMO_PUBLIC=true)',
    )
    .option(
      '--webhooks-allow-private',
      'deliver webhooks to loopback/private/link-local addresses too (or DESKWIRE_WEBHOOKS_ALLOW_PRIVATE=true)',
    )
    .option(
      '--webhook-claim-timeout <duration>',
      "how long a crashed instance's claimed webhook deliveries wait before another delivers them (default 1m)",
      duration,
    )
    .option('--no-webhook-dispatch', 'do not deliver webhooks from this instance (others on the database do)')
    .option('--public-url <url>', 'base URL for signed download links (or $DESKWIRE_PUBLIC_URL; default: per request)')
    .addOption(
      new Option('--log-level <level>', 'pino log level (logs go to stderr)')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default(process.env.DESKWIRE_LOG_LEVEL ?? 'info'),
    )
    .option('--max-body-size <size>', 'largest JSON body, e.g. 1mb', bytes)
    .option('--max-file-size <size>', 'largest uploaded file, e.g. 25mb', bytes)
    .option('--max-files <n>', 'most files per request', positiveInt)
    .option(
      '--trust-proxy <setting>',
      'client IP from X-Forwarded-For: true, a hop count (1 behind one balancer) or proxy CIDRs (or $DESKWIRE_TRUST_PROXY)',
      trustProxySetting,
    )
    .option(
      '--headers-timeout <duration>',
      'request headers must arrive within this, e.g. 30s; 0 disables (or $DESKWIRE_HEADERS_TIMEOUT; default 30s)',
      duration,
    )
    .option(
      '--body-timeout <duration>',
      'longest pause inside a request body; 0 disables (or $DESKWIRE_BODY_TIMEOUT; default 30s)',
      duration,
    )
    .option(
      '--min-body-rate <size>',
      'bytes per second a body must average once it has run for --body-timeout, e.g. 1kb; 0 disables (or $DESKWIRE_MIN_BODY_RATE)',
      bytes,
    )
    .option(
      '--max-connections-per-ip <n>',
      'open connections per client address; 0 disables (or $DESKWIRE_MAX_CONNECTIONS_PER_IP; default 100, 0 with --trust-proxy)',
      count,
    )
    .option('--shutdown-grace <ms>', 'how long in-flight requests may run after SIGTERM', timerMs, 10_000)
    .option('--admin-token <token>', 'enable the sandbox controls at /_deskwire (or $DESKWIRE_ADMIN_TOKEN)')
    .option('--journal-size <n>', 'requests the sandbox journal keeps per tenant (default 200)', positiveInt)
    .option('--redis <url>', 'share rate limits and sandbox state through Redis (or $DESKWIRE_REDIS_URL)')
    .option('--redis-prefix <prefix>', 'prefix of every Redis key (default deskwire:, or $DESKWIRE_REDIS_PREFIX)')
    .option('--metrics-token <token>', 'bearer token for GET /metrics from any address (or $DESKWIRE_METRICS_TOKEN)')
    .option('--s3-bucket <name>', 'keep attachments in this S3 bucket (or $DESKWIRE_S3_BUCKET); keys from AWS_* env')
    .option('--s3-endpoint <url>', 'S3-compatible server, e.g. http://127.0.0.1:9000 (or $DESKWIRE_S3_ENDPOINT)')
    .option(
      '--s3-public-endpoint <url>',
      'endpoint clients fetch download URLs from, if not --s3-endpoint (or $DESKWIRE_S3_PUBLIC_ENDPOINT)',
    )
    .option('--s3-region <region>', 'bucket region (or $DESKWIRE_S3_REGION, $AWS_REGION; default us-east-1)')
    .option('--s3-prefix <prefix>', 'key prefix of every object, e.g. deskwire/ (or $DESKWIRE_S3_PREFIX)')
    .option(
      '--s3-force-path-style [bool]',
      'path-style URLs, for most S3-compatible servers (or $DESKWIRE_S3_FORCE_PATH_STYLE)',
      bool,
    )
    .option(
      '--blob-sweep-grace <duration>',
      'delete unattached files idle this long, e.g. 30m (or $DESKWIRE_BLOB_SWEEP_GRACE; default 1h)',
      duration,
    )
    .option(
      '--blob-sweep-interval <duration>',
      'time between orphan-file sweeps; 0 disables (or $DESKWIRE_BLOB_SWEEP_INTERVAL; default 1h)',
      duration,
    )
    .addHelpText(
      'after',
      '\nExample:\n  deskwire serve --demo --port 8787\n  deskwire serve --smtp-port 2525   # and receive mail (docs/email.md)\n',
    );
  return addSmtpOptions(command).action(async (options: ServeOptions) => {
    const { buildApp, seedDemo, smtpPortOf } = await loadServer();
    const migrate = options.migrate ?? envOption('DESKWIRE_MIGRATE', bool) ?? false;
    // Before anything opens: a bad DESKWIRE_BLOB_SWEEP_* value is a usage error, not a half-started server.
    const sweepOptions = blobSweepOptions(options);
    const s3 = s3Options(options);
    const proxy = proxyOptions(options);
    const emailOptions = smtpChannelOptions(options, options.host);
    const location = storageLocation(
      options.dataDir,
      options.database,
      options.databasePoolSize,
      options.sqliteSynchronous,
    );
    const deskwire = await openForServe({ ...location, ...(s3 !== undefined && { s3 }) }, migrate);
    // Read here, not as the option's default: --help prints defaults, and so would print the token.
    const adminToken = options.adminToken ?? (process.env.DESKWIRE_ADMIN_TOKEN || undefined);
    const publicDemoKeys = options.demoPublic ?? envOption('DESKWIRE_DEMO_PUBLIC', bool) ?? false;
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    let demo: Awaited<ReturnType<typeof seedDemo>> | undefined;
    try {
      demo = options.demo ? await seedDemo(deskwire) : undefined;
      app = await buildApp(deskwire, {
        logLevel: options.logLevel,
        logStream: process.stderr,
        ...(adminToken !== undefined && { adminToken }),
        publicDemoKeys,
        webhooksAllowPrivate:
          options.webhooksAllowPrivate ?? envOption('DESKWIRE_WEBHOOKS_ALLOW_PRIVATE', bool) ?? false,
        webhookDispatch: options.webhookDispatch !== false,
        ...(options.webhookClaimTimeout !== undefined && { webhookClaimMs: options.webhookClaimTimeout }),
        ...(options.journalSize && { journalSize: options.journalSize }),
        ...(options.console && { consoleDir: consoleAssetsDir }),
        // Read here, not as defaults, for the same reason as the admin token: the URL may hold a password.
        ...operationsOptions(options),
        email: emailOptions,
        ...proxy,
        connections: connectionOptions(options),
        limits: {
          ...(options.maxBodySize && { bodyBytes: options.maxBodySize }),
          ...(options.maxFileSize && { fileBytes: options.maxFileSize }),
          ...(options.maxFiles && { files: options.maxFiles }),
        },
      });
      await app.listen({ host: options.host, port: options.port });
    } catch (error) {
      // Whatever failed once the store was open (a bad --metrics-token, a port in use) closes it and
      // the app (Redis): a PostgreSQL pool left open holds the process and its connections for pg's
      // idle timeout.
      await app?.close();
      await deskwire.close();
      throw error;
    }
    const address = app.server.address();
    const boundPort = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const baseUrl = `http://${host}:${boundPort}`;
    // The first line names the base URL: scripts and tests read it (with --port 0 especially).
    process.stdout.write(`${baseUrl}\n`);
    process.stdout.write(`Deskwire is serving ${describeStore(location)}\n`);
    if (options.console) process.stdout.write(`Agent console at ${baseUrl}${CONSOLE_PATH}\n`);
    if (adminToken !== undefined) process.stdout.write(`Sandbox controls at ${baseUrl}/_deskwire (admin token)\n`);
    // The email channel started with the app (its onReady hook); --port 0 style, so print the real port.
    const smtpPort = smtpPortOf(app);
    if (smtpPort !== undefined) {
      process.stdout.write(`SMTP listening on ${emailOptions.smtp?.host ?? options.host}:${smtpPort}\n`);
    }
    if (demo) printDemo(baseUrl, demo, publicDemoKeys);
    if (publicDemoKeys) {
      process.stderr.write(
        `WARNING: --demo-public: the demo tenant ${DEMO_ORG_ID} answers its PUBLISHED Admin keys from any address. ` +
          'Anyone who can reach this server can read and change its tickets. Never use this on a shared network.\n',
      );
    }
    const sweeper = startBlobSweeper(deskwire, { ...sweepOptions, log: app.log });
    handleSignals(async () => {
      await sweeper.stop();
      await app.close();
      await deskwire.close();
    }, options.shutdownGrace);
  });
}

/** The data dir, or the PostgreSQL server and database — never the URL's user or password. */
function describeStore(location: { dataDir: string; databaseUrl?: string }): string {
  if (location.databaseUrl === undefined) return location.dataDir;
  const url = new URL(location.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/**
 * `--public-url` and `--trust-proxy`, each falling back to `DESKWIRE_PUBLIC_URL` / `DESKWIRE_TRUST_PROXY`:
 * behind a load balancer (docs/deploy.md) both are set once for every instance, in the environment.
 */
function proxyOptions(options: ServeOptions): { publicUrl?: string; trustProxy?: boolean | number | string[] } {
  const publicUrl = options.publicUrl ?? (process.env.DESKWIRE_PUBLIC_URL || undefined);
  const trustProxy = options.trustProxy ?? envOption('DESKWIRE_TRUST_PROXY', trustProxySetting);
  return {
    ...(publicUrl !== undefined && { publicUrl }),
    ...(trustProxy !== undefined && { trustProxy }),
  };
}

/** `--redis`, `--redis-prefix` and `--metrics-token`, each falling back to its environment variable. */
function operationsOptions(options: ServeOptions): {
  redisUrl?: string;
  redisKeyPrefix?: string;
  metricsToken?: string;
} {
  const redisUrl = options.redis ?? (process.env.DESKWIRE_REDIS_URL || undefined);
  const redisKeyPrefix = options.redisPrefix ?? (process.env.DESKWIRE_REDIS_PREFIX || undefined);
  const metricsToken = options.metricsToken ?? (process.env.DESKWIRE_METRICS_TOKEN || undefined);
  return {
    ...(redisUrl !== undefined && { redisUrl }),
    ...(redisKeyPrefix !== undefined && { redisKeyPrefix }),
    ...(metricsToken !== undefined && { metricsToken }),
  };
}

/** Slow-client deadlines and the per-address cap (docs/reliability.md): flags, else their variables. */
function connectionOptions(options: ServeOptions): Partial<ConnectionLimits> {
  const headersTimeoutMs = options.headersTimeout ?? envOption('DESKWIRE_HEADERS_TIMEOUT', duration);
  const bodyIdleTimeoutMs = options.bodyTimeout ?? envOption('DESKWIRE_BODY_TIMEOUT', duration);
  const minBodyBytesPerSecond = options.minBodyRate ?? envOption('DESKWIRE_MIN_BODY_RATE', bytes);
  const maxConnectionsPerAddress = options.maxConnectionsPerIp ?? envOption('DESKWIRE_MAX_CONNECTIONS_PER_IP', count);
  for (const [name, ms] of [
    ['--headers-timeout', headersTimeoutMs],
    ['--body-timeout', bodyIdleTimeoutMs],
  ] as const) {
    if (ms !== undefined && ms > MAX_TIMER_MS) {
      throw new CliError('INVALID_DURATION', `${name} may be at most ${MAX_TIMER_MS} ms`, EXIT.usage);
    }
  }
  return {
    ...(headersTimeoutMs !== undefined && { headersTimeoutMs }),
    ...(bodyIdleTimeoutMs !== undefined && { bodyIdleTimeoutMs }),
    ...(minBodyBytesPerSecond !== undefined && { minBodyBytesPerSecond }),
    ...(maxConnectionsPerAddress !== undefined && { maxConnectionsPerAddress }),
  };
}

/** The longest delay `setTimeout` honours (a signed 32-bit millisecond count). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The orphan-file sweep (docs/architecture.md, "Orphan sweep"): flags, else their variables, else 1 h each. */
function blobSweepOptions(options: ServeOptions): { graceMs: number; intervalMs: number; firstDelayMs: number } {
  const env = (name: string) => envOption(name, duration);
  const HOUR = 3_600_000;
  const intervalMs = options.blobSweepInterval ?? env('DESKWIRE_BLOB_SWEEP_INTERVAL') ?? HOUR;
  // Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay fires after 1 ms, which
  // would turn "sweep monthly" into sweeping without pause.
  if (intervalMs > MAX_TIMER_MS) {
    throw new CliError(
      'INVALID_DURATION',
      `the blob sweep interval may be at most ${MAX_TIMER_MS} ms (about 24 days); use 0 to disable sweeping`,
      EXIT.usage,
    );
  }
  return {
    graceMs: options.blobSweepGrace ?? env('DESKWIRE_BLOB_SWEEP_GRACE') ?? HOUR,
    intervalMs,
    // Shortly after start, not during it: a restart after a crash gets its leftovers cleared promptly.
    firstDelayMs: Math.min(10_000, intervalMs),
  };
}

/** The demo tenant's org id (its keys are checked by the server, http/demo-key-guard.ts). */
const DEMO_ORG_ID = 22824;

function printDemo(
  baseUrl: string,
  demo: { orgId: number; accessKey: string; secretKey: string; ticketNumber: number },
  publicDemoKeys: boolean,
) {
  process.stdout.write(
    [
      publicDemoKeys
        ? `Demo tenant ${demo.orgId} (keys are public and answer EVERY address: --demo-public)`
        : `Demo tenant ${demo.orgId} (keys are public, so they answer callers on this machine only)`,
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
